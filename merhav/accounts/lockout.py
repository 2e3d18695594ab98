"""How django-axes names the account of a login attempt.

Our login form posts the email address in the field `username` (Django's AuthenticationForm), while
our user model's USERNAME_FIELD is `email`. Axes reads the account name from the credentials in three
places (the backend that refuses a locked account, the failure handler that counts, the success handler
that resets) and they must agree, or failures are counted under one name and checked under another —
which silently turns the lockout off. This callable is the one place that answers, and it normalises
the address the way the user manager does, so `Dana@City.example` and `dana@city.example` share a counter.
"""

from datetime import timedelta

from django.conf import settings


def username_for_lockout(request, credentials: dict | None = None) -> str | None:
    raw = None
    if credentials:
        raw = credentials.get(settings.AXES_USERNAME_FORM_FIELD) or credentials.get("email")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if not raw:
        return None
    return str(raw).strip().lower()


def cool_off(request=None) -> timedelta:
    """How long failures count and a lockout lasts (AXES_COOLOFF_TIME).

    Failures are counted per account and address. When the address is shared by everyone — the site
    behind a proxy that PROXY_COUNT does not count — that is in effect a lock by account alone: anyone
    could lock the CEO out for everyone. Then it is only a short cool-down (AXES_SHARED_ADDRESS_COOLOFF)."""
    from merhav.core.ratelimit import behind_uncounted_proxy

    if request is not None and behind_uncounted_proxy(request):
        return timedelta(seconds=settings.AXES_SHARED_ADDRESS_COOLOFF)
    return timedelta(seconds=settings.AXES_COOLOFF_SECONDS)
