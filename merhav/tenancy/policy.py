"""Who may do what with authorities, departments and people.

Every predicate takes (user, obj) where obj is an Authority or any object with an authority_id.
Roles are looked up in the user's memberships, loaded once per request.
"""

from __future__ import annotations

import rules

from merhav.core.permissions import Predicate
from merhav.core.users import AnyUser

from .models import Authority, Membership
from .roles import MANAGING_ROLES, ROLES_REQUIRING_2FA, WRITING_ROLES, Role
from .selectors import memberships_of


def authority_id_of(obj: object) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Authority):
        return obj.pk
    return getattr(obj, "authority_id", None)


def membership_in(user: AnyUser, obj: object) -> Membership | None:
    authority_id = authority_id_of(obj)
    if authority_id is None:
        return None
    return memberships_of(user).get(authority_id)


def role_in(user: AnyUser, obj: object) -> str | None:
    membership = membership_in(user, obj)
    return membership.role if membership else None


def has_role(*roles: str) -> Predicate:
    allowed = frozenset(roles)
    name = "has_role:" + ",".join(sorted(allowed))

    @rules.predicate(name=name)
    def predicate(user: AnyUser, obj: object = None) -> bool:
        return role_in(user, obj) in allowed

    return predicate


@rules.predicate
def is_member(user: AnyUser, obj: object = None) -> bool:
    return membership_in(user, obj) is not None


@rules.predicate
def is_national_admin(user: AnyUser) -> bool:
    return bool(getattr(user, "is_national_admin", False) or getattr(user, "is_superuser", False))


def requires_two_factor(user: AnyUser) -> bool:
    from django.conf import settings

    if settings.MERHAV_REQUIRE_2FA_FOR_ALL or is_national_admin(user):
        return True
    return any(m.role in ROLES_REQUIRING_2FA for m in memberships_of(user).values())


can_write = has_role(*WRITING_ROLES)
is_authority_admin = has_role(Role.AUTHORITY_ADMIN)
is_auditor = has_role(Role.AUDITOR)


@rules.predicate
def may_reset_two_factor(user: AnyUser, membership: Membership | None) -> bool:
    """An authority admin resets the two-factor authentication of an active member of the authority (a
    lost phone) — the CEO's too; it is audited and the member is emailed. A national admin's account
    reaches every authority, so only a national admin resets it (from /admin/), never an authority admin."""
    if membership is None or not membership.is_active:
        return False
    target = membership.user
    if target.is_national_admin or target.is_superuser:
        return is_national_admin(user) and is_authority_admin(user, membership)
    return is_authority_admin(user, membership)

rules.add_perm("tenancy.view_authority", is_member)
rules.add_perm("tenancy.view_people", is_member)
rules.add_perm("tenancy.view_contact_details", has_role(*MANAGING_ROLES, Role.AUDITOR))
rules.add_perm("tenancy.manage_people", is_authority_admin)
rules.add_perm("tenancy.manage_departments", is_authority_admin)
rules.add_perm("tenancy.manage_authorities", is_national_admin)
rules.add_perm("tenancy.reset_two_factor", may_reset_two_factor)
