"""Reads of the social network analysis (the caller has activated the community's scope). The network
of a survey is computed once per data version of the community's SNA (merhav.core.versions.cached; the
services bump it on every answer), so a repeated view runs one query for it and a GET writes nothing.
Each read costs a fixed number of queries, whatever the size of the community."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db.models import Count, QuerySet

from merhav.core import versions

from . import network
from .models import Community, CommunityMember, RosterAnswer, RosterSurvey, RosterTie
from .services.sna import NATIONAL, version_name


def surveys(community: Community) -> list[RosterSurvey]:
    """The community's roster surveys (time 1 first), each with its number of answers (one query)."""
    return list(RosterSurvey.objects.filter(community=community).annotate(answer_count=Count("answers"))
                .order_by("round", "id"))


def survey_detail(community: Community, roster_id: int) -> QuerySet[RosterSurvey]:
    return RosterSurvey.objects.filter(community=community, pk=roster_id)


def answered_survey_ids(community: Community, member_id: int | None) -> set[int]:
    if not member_id:
        return set()
    return set(RosterAnswer.objects.filter(community=community, member_id=member_id)
               .values_list("survey_id", flat=True))


def own_ties(survey: RosterSurvey, member_id: int | None) -> list[RosterTie]:
    """The ties the member named in this survey, with whom (name, role, authority): their own answer only."""
    if not member_id:
        return []
    return list(RosterTie.objects.filter(community_id=survey.community_id, survey=survey, member_id=member_id)
                .select_related("alter__user", "alter__authority").order_by("-frequency", "alter__user__full_name"))


def _compute(survey_id: int, community_id: int) -> dict:
    respondents = list(RosterAnswer.objects.filter(community_id=community_id, survey_id=survey_id)
                       .values_list("member_id", flat=True))
    ties = [network.Tie(*row) for row in RosterTie.objects.filter(community_id=community_id, survey_id=survey_id)
            .values_list("member_id", "alter_id", "frequency", "topic").order_by("id")]
    result = network.analyse(respondents, ties)
    result["respondent_count"] = len(respondents)
    return result


def analysis(survey: RosterSurvey) -> dict:
    """The figures of the survey's network (network.analyse), computed once per data version."""
    return versions.cached(NATIONAL, version_name(survey.community_id), f"network:{survey.pk}",
                           partial(_compute, survey.pk, survey.community_id))


def analyses(community: Community, rows: list[RosterSurvey]) -> dict[int, dict]:
    """The figures of each survey (one version read, and the computation of those not kept yet)."""
    version_key = version_name(community.pk)
    return {s.pk: versions.cached(NATIONAL, version_key, f"network:{s.pk}", partial(_compute, s.pk, community.pk))
            for s in rows}


def comparison(rows: list[RosterSurvey], figures: dict[int, dict]) -> dict | None:
    """Time 1 against time 2 when both surveys have answers."""
    by_round = {s.round: s for s in rows}
    first, second = by_round.get(RosterSurvey.Round.FIRST), by_round.get(RosterSurvey.Round.SECOND)
    if not first or not second or not figures[first.pk]["node_count"] or not figures[second.pk]["node_count"]:
        return None
    return {"first": first, "second": second, **network.compare(figures[first.pk], figures[second.pk])}


@dataclass(frozen=True)
class Person:
    number: int
    member_id: int
    name: str
    role: str
    authority: str


def people(community: Community, member_ids: list[int]) -> dict[int, Person]:
    """The members of a network, numbered by name (the diagram's labels), with their role in the community
    and their authority (one query)."""
    rows = (CommunityMember.objects.filter(community=community, pk__in=member_ids)
            .select_related("user", "authority").order_by("user__full_name", "id"))
    return {m.pk: Person(i, m.pk, m.user.full_name, str(m.get_role_display()), m.authority.name if m.authority else "")
            for i, m in enumerate(rows, start=1)}


def anonymous(member_ids: list[int]) -> dict[int, int]:
    """Numbers without names, for those who see the network but not who is who (no query)."""
    return {v: i for i, v in enumerate(sorted(member_ids), start=1)}


def named_ties(survey: RosterSurvey) -> list[tuple[int, int, int, str]]:
    """Every tie named in the survey: (who answered, whom they named, how often, about what). For the
    export of those who may see names (one query)."""
    return list(RosterTie.objects.filter(community_id=survey.community_id, survey=survey)
                .values_list("member_id", "alter_id", "frequency", "topic").order_by("member_id", "alter_id"))
