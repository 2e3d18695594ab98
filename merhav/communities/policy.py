"""Who may do what in learning communities. The pages, the templates and the API all ask these rules.

The answers come from the app's own memberships (merhav.communities.access), never from a role in an
authority: a community spans authorities. Objects are a Programme, a Community, or any row that carries
`community_id` (a meeting, a team, a product).

- open (the navigation entry): any member of the authority, at no query's cost; the page lists only their
  own communities, so a user of none sees nothing;
- take part (the dashboard panel): a member of some community or on a programme;
- view: a member of the community, or on its programme (team or committees);
- lead: the community leader, the professional partner, or the programme team: recruitment, syllabus,
  meetings, attendance, work teams, reviewing and publishing products, wartime mode;
- take part in the community: every active member (rank topics, answer the survey after a meeting);
- call: the leading core and the leaders (wartime call lists);
- a work team's page is edited by its members and by those who lead the community.
"""

from __future__ import annotations

import rules

from merhav.core.users import AnyUser
from merhav.tenancy.policy import is_member, is_national_admin

from .access import access_of
from .models import CORE_ROLES, LEADING_ROLES, Programme


def _community_id(obj: object) -> int | None:
    if obj is None or isinstance(obj, Programme):
        return None
    return getattr(obj, "community_id", None) or (getattr(obj, "pk", None) if hasattr(obj, "programme_id") else None)


def _programme_id(user: AnyUser, obj: object) -> int | None:
    if isinstance(obj, Programme):
        return obj.pk
    community_id = _community_id(obj)
    return access_of(user).visible.get(community_id) if community_id else None


@rules.predicate
def takes_part(user: AnyUser, obj: object = None) -> bool:
    return access_of(user).takes_part


@rules.predicate
def sees_community(user: AnyUser, obj: object = None) -> bool:
    community_id = _community_id(obj)
    return community_id is not None and access_of(user).sees(community_id)


@rules.predicate
def runs_programme(user: AnyUser, obj: object = None) -> bool:
    return access_of(user).runs_programme(_programme_id(user, obj))


@rules.predicate
def in_programme(user: AnyUser, obj: object = None) -> bool:
    """On the programme's team or one of its committees."""
    return bool(access_of(user).programme_roles.get(_programme_id(user, obj) or 0))


@rules.predicate
def manages_programme(user: AnyUser, obj: object = None) -> bool:
    return access_of(user).is_manager(_programme_id(user, obj))


@rules.predicate
def leads_community(user: AnyUser, obj: object = None) -> bool:
    community_id = _community_id(obj)
    return community_id is not None and access_of(user).member_roles.get(community_id) in LEADING_ROLES


@rules.predicate
def in_core(user: AnyUser, obj: object = None) -> bool:
    community_id = _community_id(obj)
    return community_id is not None and access_of(user).member_roles.get(community_id) in CORE_ROLES


@rules.predicate
def is_community_member(user: AnyUser, obj: object = None) -> bool:
    community_id = _community_id(obj)
    return community_id is not None and community_id in access_of(user).member_roles


@rules.predicate
def on_the_team(user: AnyUser, team: object = None) -> bool:
    """The user is a member of this work team (the view loads the team with its members)."""
    if team is None:
        return False
    member_id = access_of(user).member_ids.get(getattr(team, "community_id", 0))
    return member_id is not None and any(tm.member_id == member_id for tm in team.team_members.all())  # type: ignore[attr-defined]


@rules.predicate
def made_it(user: AnyUser, product: object = None) -> bool:
    return product is not None and getattr(product, "created_by_id", None) == user.pk


can_lead = sees_community & (leads_community | runs_programme)

rules.add_perm("communities.take_part", takes_part)
# The navigation entry of every authority page: asked on each page, so it costs no query (the user's
# memberships are loaded once per request); the page it leads to lists only the user's own communities.
rules.add_perm("communities.open", is_member)
rules.add_perm("communities.create_programme", is_national_admin)
rules.add_perm("communities.view_programme", in_programme | is_national_admin)
rules.add_perm("communities.manage_programme", manages_programme | is_national_admin)
rules.add_perm("communities.create_community", manages_programme | is_national_admin)
rules.add_perm("communities.view", sees_community)
rules.add_perm("communities.lead", can_lead)
rules.add_perm("communities.edit", can_lead)
rules.add_perm("communities.take_part_in", sees_community & is_community_member)
rules.add_perm("communities.call_members", sees_community & (in_core | runs_programme))
rules.add_perm("communities.edit_team", sees_community & (on_the_team | leads_community | runs_programme))
rules.add_perm("communities.add_product", sees_community & (is_community_member | runs_programme))
rules.add_perm("communities.edit_product", sees_community & (made_it | leads_community | runs_programme))

# --- Social network analysis ---
# The evaluation and SNA pages: the programme (team and committees) and the community's leaders. Names of
# members beside the network (the table, the diagram's key, the exports): the leaders and the programme
# team only; a committee member sees numbers. A member sees their own answers and the community's figures.
rules.add_perm("communities.view_sna", sees_community & (leads_community | in_programme))
rules.add_perm("communities.sna_names", sees_community & (leads_community | runs_programme))

# --- Knowledge network ---
# Reading the network's pages: whoever sees the community. Posting on the board: its network members,
# those who lead the community and the programme team. Running it (waves, talks, newsletters, surveys) and
# reading every member's evaluation answers: those who lead the community and the programme team. A member
# sees the community-level figures and their own answers only.


@rules.predicate
def in_network(user: AnyUser, obj: object = None) -> bool:
    """An active member of the community who joined its knowledge network (one query, kept per request)."""
    community_id = _community_id(obj)
    member_id = access_of(user).member_ids.get(community_id or 0)
    if member_id is None:
        return False
    cache = user.__dict__.setdefault("_communities_network", {})
    if community_id not in cache:
        from django_scopes import scopes_disabled

        from .models import NetworkMember

        with scopes_disabled():
            cache[community_id] = NetworkMember.objects.filter(member_id=member_id).exists()
    return cache[community_id]


rules.add_perm("communities.post_in_network", sees_community & (in_network | leads_community | runs_programme))
rules.add_perm("communities.answer_network_survey", sees_community & in_network)
rules.add_perm("communities.read_evaluation_answers", can_lead)
