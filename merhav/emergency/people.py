"""Who is told about what: the people concerned, as active members of the authority with a role."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.accounts.models import User
from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role


def members_with(authority_id: int, roles: Iterable[str]) -> list[User]:
    with scopes_disabled():
        return [
            m.user for m in Membership.objects.filter(
                authority_id=authority_id, role__in=list(roles), is_active=True, user__is_active=True
            ).select_related("user").order_by("user_id")
        ]


# Those who run an emergency: the CEO, the authority's admins (CIO) and the heads of departments.
EMERGENCY_ROLES = (Role.CEO, Role.AUTHORITY_ADMIN, Role.DEPARTMENT_HEAD)


def page(authority_slug: str, name: str, **kwargs: int) -> str:
    return reverse(f"emergency:{name}", kwargs={"authority_slug": authority_slug, **kwargs})
