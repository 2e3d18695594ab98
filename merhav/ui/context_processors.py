from django.utils.translation import get_language_bidi

from merhav.tenancy.selectors import memberships_of

from .banners import banners_for
from .navigation import modules_for


def shell(request):
    """What the page shell needs: direction, the authority switcher and the module navigation."""
    user = getattr(request, "user", None)
    authority = getattr(request, "authority", None)
    memberships = list(memberships_of(user).values()) if user is not None else []
    return {
        "text_dir": "rtl" if get_language_bidi() else "ltr",
        "current_authority": authority,
        "current_membership": getattr(request, "membership", None),
        "my_memberships": memberships,
        "nav_modules": modules_for(request) if authority else [],
        # A callable: the template calls it once, where the banners are shown (a page that extends no shell
        # pays nothing).
        "module_banners": (lambda: banners_for(request)) if authority else list,
    }
