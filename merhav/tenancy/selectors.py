"""Reads about authorities and people that views, the API and the policy share."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django_scopes import scope

from merhav.core.prepared import Prepared

from .models import Authority, Department, Invitation, Membership

# Read on every request of a logged-in user: compiled once per process (merhav.core.prepared); sorted in
# Python (a handful of rows), which spares the SQL its ordering join.
_active_memberships_of: Prepared[Membership] = Prepared(
    lambda user_id: Membership.objects.filter(user_id=user_id, is_active=True, authority__is_active=True)
    .select_related("authority", "department"),
    int,
)


def memberships_of(user: Any) -> dict[int, Membership]:
    """The user's active memberships keyed by authority id, loaded once per user object.

    This is the one deliberate cross-authority read: a user may always see their own memberships.
    """
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_merhav_memberships", None)
    if cached is None:
        rows = sorted(_active_memberships_of(user.pk), key=lambda m: (m.authority.name_he, m.pk))
        cached = {m.authority_id: m for m in rows}
        user._merhav_memberships = cached
    return cached


def forget_memberships(user: Any) -> None:
    user.__dict__.pop("_merhav_memberships", None)


def membership_by_slug(user: Any, slug: str) -> Membership | None:
    """The user's active membership of the active authority with this slug, or None (no such authority, or
    not a member: both are a 404). The one lookup the pages' middleware, the API's access and the API's
    read-only guard share; membership.authority is the authority."""
    return next((m for m in memberships_of(user).values() if m.authority.slug == slug), None)


def membership_for_email(authority: Authority, email: str) -> Membership | None:
    """The authority's membership (active or not) of the account with this email address."""
    with scope(authority=authority):
        return (
            Membership.objects.filter(authority=authority, user__email__iexact=email.strip())
            .select_related("user")
            .first()
        )


def members(authority: Authority) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(authority=authority)
        .select_related("user", "department")
        .order_by("-is_active", "user__full_name")
    )


def departments(authority: Authority) -> QuerySet[Department]:
    return (
        Department.objects.filter(authority=authority)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Membership.objects.filter(role="department_head", is_active=True).select_related("user"),
                to_attr="heads",
            )
        )
        .order_by("-is_active", "kind", "custom_name")
    )


def pending_invitations(authority: Authority) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        authority=authority, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("department", "invited_by")


def role_counts(authority: Authority) -> dict[str, int]:
    rows = Membership.objects.filter(authority=authority, is_active=True).values("role").annotate(n=Count("id"))
    return {row["role"]: row["n"] for row in rows}
