"""The module navigation. Each module registers its entry here when it lands."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavModule:
    key: str
    label: str
    url_name: str
    permission: str


MODULES: list[NavModule] = [
    NavModule("dashboard", _("Dashboard"), "tenancy:dashboard", "tenancy.view_authority"),
    NavModule("lessons", _("Lessons learned"), "lessons:index", "lessons.view"),
    NavModule("people", _("People"), "tenancy:people", "tenancy.view_people"),
    NavModule("audit", _("Audit log"), "audit:log", "audit.view_log"),
]


def modules_for(request) -> list[dict]:
    authority = request.authority
    items = []
    for module in MODULES:
        if not request.user.has_perm(module.permission, authority):
            continue
        url = reverse(module.url_name, kwargs={"authority_slug": authority.slug})
        # The dashboard's address is the prefix of every other page, so it is current only on itself.
        current = request.path == url if module.key == "dashboard" else request.path.startswith(url)
        items.append({"key": module.key, "label": module.label, "url": url, "current": current})
    return items
