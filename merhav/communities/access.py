"""Who sees which learning community: the app's own tenancy (a community spans authorities, so this is
never an authority's scope loosened).

A user sees a community when they are an active member of it, or on the team or a committee of its
programme. A user of neither sees nothing: every page of a community they cannot see is a 404, and the
library shows only products of the programmes they take part in. One query per request, whatever the
user's number of communities; the answer is kept on the user object for the rest of the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from merhav.core.users import AnyUser

from .models import TEAM_ROLES, Community, CommunityMember, ProgrammeRole

_CACHE = "_communities_access"


@dataclass(frozen=True)
class Access:
    # community id -> the user's membership role there (active memberships only)
    member_roles: dict[int, str] = field(default_factory=dict)
    # community id -> member id
    member_ids: dict[int, int] = field(default_factory=dict)
    # programme id -> the user's roles in the programme
    programme_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    # community id -> programme id, for every community the user sees
    visible: dict[int, int] = field(default_factory=dict)

    @property
    def community_ids(self) -> list[int]:
        return sorted(self.visible)

    @property
    def programme_ids(self) -> list[int]:
        return sorted(set(self.visible.values()) | set(self.programme_roles))

    def sees(self, community_id: int) -> bool:
        return community_id in self.visible

    def runs_programme(self, programme_id: int | None) -> bool:
        return bool(self.programme_roles.get(programme_id or 0, frozenset()) & TEAM_ROLES)

    def is_manager(self, programme_id: int | None) -> bool:
        return ProgrammeRole.Role.MANAGER in self.programme_roles.get(programme_id or 0, frozenset())

    @property
    def takes_part(self) -> bool:
        return bool(self.visible or self.programme_roles)


def access_of(user: AnyUser) -> Access:
    if not getattr(user, "is_authenticated", False):
        return Access()
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    for programme_id, role in ProgrammeRole.objects.filter(user=user).values_list("programme_id", "role"):
        roles.setdefault(programme_id, set()).add(role)
    member_rows = CommunityMember.objects.filter(user=user, is_active=True).values_list("community_id", "id", "role")
    member_roles = {community_id: role for community_id, _id, role in member_rows}
    member_ids = {community_id: member_id for community_id, member_id, _role in member_rows}
    visible = dict(
        Community.objects.filter(Q(pk__in=list(member_roles)) | Q(programme_id__in=list(roles)))
        .values_list("pk", "programme_id")
    )
    access = Access(member_roles=member_roles, member_ids=member_ids,
                    programme_roles={p: frozenset(r) for p, r in roles.items()}, visible=visible)
    setattr(user, _CACHE, access)
    return access


def forget_access(user: AnyUser) -> None:
    """After a change of the user's memberships or roles (tests, services that add a member)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)
