"""Work teams (year B): 5–8 members with the seed's roles, the six stages, a budget, a finish line."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core.versioning import apply_changes, lock_current

from ..models import TEAM_SIZE, Community, CommunityMember, TeamMember, WorkTeam
from .common import notify, raise_if, required, text


def create_team(*, community: Community, name: str, members: Mapping[int, str], topic: str = "",
                budget: Decimal | int = 0, finish_line: date | None = None) -> WorkTeam:
    """members: member id -> role in the team. A team has 5 to 8 members (the seed)."""
    errors: dict[str, str] = {}
    name = text(name, 150)
    required(errors, "name", name)
    low, high = TEAM_SIZE
    if not (low <= len(members) <= high):
        errors["members"] = _("A work team has %(low)s to %(high)s members; %(count)s were chosen.") % {
            "low": low, "high": high, "count": len(members)}
    if any(role not in TeamMember.Role.values for role in members.values()):
        errors["members"] = _("Select a valid choice. That choice is not one of the available choices.")
    if Decimal(budget) < 0:
        errors["budget"] = _("The budget cannot be negative.")
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        found = {m.pk: m for m in CommunityMember.objects.filter(community=community, is_active=True,
                                                                 pk__in=list(members)).select_related("user")}
        if len(found) != len(members):
            raise_if({"members": _("Someone chosen is not a member of the community.")})
        team = WorkTeam.objects.create(community=community, name=name, topic=text(topic, 200), budget=budget,
                                       finish_line=finish_line or community.finish_line)
        TeamMember.objects.bulk_create([
            TeamMember(community=community, team=team, member=found[member_id], role=role)
            for member_id, role in members.items()
        ])
        record(action=Action.CREATE, obj=team, fields=["name", "topic", "budget", "finish_line", "members"])
        team_name = team.name
        notify([m.user for m in found.values()], kind="communities.team",
               url=reverse("communities:team", args=[community.pk, team.pk]),
               title=lambda: _("You are on the work team %(name)s") % {"name": team_name},
               dedupe_key=f"communities.team:{team.pk}")
    return team


def advance_team(*, team: WorkTeam, version: int) -> WorkTeam:
    """The team moves to its next stage (the sixth is the last); its members are told."""
    with transaction.atomic(), scope(community=team.community_id):
        current: WorkTeam = lock_current(WorkTeam.objects, pk=team.pk, version=version)
        if current.stage >= WorkTeam.Stage.SUMMARY:
            raise_if({"__all__": _("The team has finished all six stages.")})
        changes: dict = {"stage": current.stage + 1, "stage_changed_at": timezone.now()}
        if changes["stage"] == WorkTeam.Stage.SUMMARY:
            changes["finished_at"] = timezone.now()
        apply_changes(current, changes)
        record(action=Action.UPDATE, obj=current, fields=sorted(changes))
        users = [tm.member.user for tm in TeamMember.objects.filter(team=current).select_related("member__user")]
        stage_label, team_name = WorkTeam.Stage(current.stage).label, current.name
        notify(users, kind="communities.team_stage",
               url=reverse("communities:team", args=[current.community_id, current.pk]),
               title=lambda: _("The work team %(name)s moved to the stage: %(stage)s") % {
                   "name": team_name, "stage": str(stage_label)},
               dedupe_key=f"communities.team_stage:{current.pk}:{current.stage}")
    return current
