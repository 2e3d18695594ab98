"""Reads of the knowledge network (the caller has activated the community's scope, as every community
page does). Each costs a fixed number of queries whatever the network's size; the figures of a survey are
counted in the database (one aggregate), never by loading the answers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django_scopes import scope

from merhav.notify.calendar import CalendarItem

from .models import (
    Community,
    EvaluationAnswer,
    EvaluationSurvey,
    NetworkMember,
    NetworkPost,
    NetworkTalk,
    NetworkThread,
    NetworkWave,
    Newsletter,
    PulseAnswer,
    PulseSurvey,
)


def waves(community: Community) -> QuerySet[NetworkWave]:
    return (NetworkWave.objects.filter(community=community).annotate(size=Count("network_members"))
            .order_by("number", "id"))


def network_members(community: Community) -> QuerySet[NetworkMember]:
    return (NetworkMember.objects.filter(community=community, member__is_active=True)
            .select_related("member__user", "member__authority", "wave")
            .order_by("wave__number", "member__user__full_name", "id"))


def network_size(community: Community) -> int:
    return NetworkMember.objects.filter(community=community, member__is_active=True).count()


def my_network_row(community: Community, member_id: int | None) -> NetworkMember | None:
    if member_id is None:
        return None
    return NetworkMember.objects.filter(community=community, member_id=member_id).select_related("wave").first()


def threads(community: Community) -> QuerySet[NetworkThread]:
    return NetworkThread.objects.filter(community=community).select_related("author").order_by("-last_post_at", "-id")


def thread_detail(community: Community, thread_id: int) -> QuerySet[NetworkThread]:
    return NetworkThread.objects.filter(community=community, pk=thread_id).select_related("author")


def posts(thread: NetworkThread) -> QuerySet[NetworkPost]:
    return (NetworkPost.objects.filter(community_id=thread.community_id, thread=thread).select_related("author")
            .order_by("created_at", "id"))


def talks(community: Community) -> QuerySet[NetworkTalk]:
    return NetworkTalk.objects.filter(community=community).order_by("-starts_at", "-id")


def newsletters(community: Community) -> QuerySet[Newsletter]:
    return (Newsletter.objects.filter(community=community).annotate(product_count=Count("products"))
            .order_by("-period_end", "-id"))


def pulses(community: Community) -> QuerySet[PulseSurvey]:
    return (PulseSurvey.objects.filter(community=community).annotate(answer_count=Count("answers"))
            .order_by("-year", "-quarter", "-id"))


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    of: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.of) if self.of else 0


@dataclass(frozen=True)
class PulseResults:
    distribution: list[Share]  # one per answer 1..5
    answered: int
    network: int
    average: float | None

    @property
    def response_rate(self) -> int:
        return round(100 * self.answered / self.network) if self.network else 0


def pulse_results(pulse: PulseSurvey, network: int) -> PulseResults:
    counts = dict(PulseAnswer.objects.filter(community_id=pulse.community_id, pulse=pulse)
                  .values("value").annotate(n=Count("id")).values_list("value", "n"))
    answered = sum(counts.values())
    total = sum(value * n for value, n in counts.items())
    return PulseResults(distribution=[Share(str(v), counts.get(v, 0), answered) for v in range(1, 6)],
                        answered=answered, network=network,
                        average=round(total / answered, 1) if answered else None)


@dataclass(frozen=True)
class EvaluationFigures:
    answered: int
    network: int
    satisfied: Share
    contact: Share
    adopted: Share
    shared: Share

    @property
    def response_rate(self) -> int:
        return round(100 * self.answered / self.network) if self.network else 0

    @property
    def shares(self) -> list[Share]:
        return [self.satisfied, self.contact, self.adopted, self.shared]


def evaluation_figures(survey: EvaluationSurvey, network: int) -> EvaluationFigures:
    """The seed's figures: the share of those who answered who are highly satisfied with the meetings (4
    or 5 of 5), in ongoing contact with other members, who adopted a tool, who shared with their managers."""
    from django.utils.translation import gettext as _

    row = EvaluationAnswer.objects.filter(community_id=survey.community_id, survey=survey).aggregate(
        n=Count("id"), satisfied=Count("id", filter=Q(meetings_satisfaction__gte=4)),
        contact=Count("id", filter=Q(ongoing_contact=True)), adopted=Count("id", filter=Q(adopted_tool=True)),
        shared=Count("id", filter=Q(shared_with_manager=True)))
    n = row["n"]
    return EvaluationFigures(
        answered=n, network=network,
        satisfied=Share(_("Highly satisfied with the meetings"), row["satisfied"], n),
        contact=Share(_("In ongoing contact with other members"), row["contact"], n),
        adopted=Share(_("Adopted a tool or idea"), row["adopted"], n),
        shared=Share(_("Shared with their managers"), row["shared"], n))


def evaluation_surveys(community: Community) -> QuerySet[EvaluationSurvey]:
    return EvaluationSurvey.objects.filter(community=community).order_by("-opens_on", "-id")


def my_evaluation_answer(survey: EvaluationSurvey, member_id: int | None) -> EvaluationAnswer | None:
    if member_id is None:
        return None
    return EvaluationAnswer.objects.filter(community_id=survey.community_id, survey=survey, member_id=member_id).first()


def evaluation_answers(survey: EvaluationSurvey) -> QuerySet[EvaluationAnswer]:
    """Every member's answers: for those who lead the community or run the programme only."""
    return (EvaluationAnswer.objects.filter(community_id=survey.community_id, survey=survey)
            .select_related("member__user").order_by("member__user__full_name", "id"))


def talk_dates(user) -> list[CalendarItem]:
    """The personal calendar feed: the online talks of the networks the user is a member of (two queries)."""
    from .models import CommunityMember

    names = dict(CommunityMember.objects.filter(user=user, is_active=True, network__isnull=False)
                 .values_list("community_id", "community__name"))
    if not names:
        return []
    with scope(community=list(names)):
        rows = NetworkTalk.objects.filter(community_id__in=list(names)).order_by("starts_at")
        return [CalendarItem(uid=f"communities-talk-{t.pk}", summary=f"{names[t.community_id]}: {t.topic}",
                             start=t.starts_at, description=" · ".join(p for p in (t.speaker, t.link) if p),
                             url=reverse("communities:network_talks", args=[t.community_id]))
                for t in rows]
