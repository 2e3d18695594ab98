"""Reads of the strategic plan shared by the pages, the API, the exports and the panel. The authority comes
first, always; each read costs a fixed number of queries, whatever the plan's size."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from merhav.tenancy.models import Authority

from .models import (
    BudgetLine,
    Challenge,
    Channel,
    Goal,
    Indicator,
    Initiative,
    LogicLink,
    LogicNode,
    Meeting,
    Participant,
    Plan,
    PlanAction,
    PlanRelease,
    PublicComment,
)

RECENT = 5
PILOT_STEPS = (Meeting.Step.HACKATHON, Meeting.Step.PILOT_MEASUREMENT, Meeting.Step.PILOT_DECISION)


def plans(authority: Authority, *, status: str = "") -> QuerySet[Plan]:
    """The authority's plans, the last changed first."""
    queryset = Plan.objects.filter(authority=authority).select_related("updated_by")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-updated_at", "-id")


def plan_detail(authority: Authority, plan_id: int) -> QuerySet[Plan]:
    """One plan of the authority, for get_object_or_404 (another authority's id is a 404)."""
    return Plan.objects.filter(authority=authority, pk=plan_id).select_related("authority", "created_by",
                                                                                 "updated_by", "coordinator")


def meetings(authority: Authority, plan: Plan) -> list[Meeting]:
    return list(Meeting.objects.filter(authority=authority, plan=plan).select_related("channel")
                .order_by("order", "number", "id"))


def meeting_detail(authority: Authority, plan: Plan, meeting_id: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(authority=authority, plan=plan, pk=meeting_id).select_related("channel")


def channels(authority: Authority, plan: Plan) -> list[Channel]:
    return list(Channel.objects.filter(authority=authority, plan=plan).select_related("lead").order_by("order", "id"))


def participants(authority: Authority, plan: Plan) -> list[Participant]:
    return list(Participant.objects.filter(authority=authority, plan=plan).select_related("channel", "user")
                .order_by("committee", "channel__order", "full_name", "id"))


@dataclass
class SectorMix:
    committee: str
    label: str
    counts: list[tuple[str, str, int]]  # (sector, label, count)
    total: int


def sector_mix(people: list[Participant]) -> list[SectorMix]:
    """Per committee: how many members from each sector (no query: from the list the page shows)."""
    counted: dict[str, Counter] = defaultdict(Counter)
    for person in people:
        counted[person.committee][person.sector] += 1
    return [
        SectorMix(value, str(label), [(s, str(s_label), counted[value][s]) for s, s_label in Participant.Sector.choices],
                  sum(counted[value].values()))
        for value, label in Participant.Committee.choices
    ]


def challenges(authority: Authority, plan: Plan) -> list[Challenge]:
    return list(Challenge.objects.filter(authority=authority, plan=plan).order_by("order", "id"))


def goals(authority: Authority, plan: Plan) -> list[Goal]:
    return list(Goal.objects.filter(authority=authority, plan=plan).order_by("order", "id"))


@dataclass
class IndicatorView:
    indicator: Indicator
    expected: Decimal | None  # where the indicator should be by its latest measurement, on a straight line
    off_track: bool


def _track(indicator: Indicator, start: date | None) -> IndicatorView:
    if indicator.latest_value is None or indicator.latest_on is None or start is None:
        return IndicatorView(indicator, None, False)
    span = (indicator.target_date - start).days
    elapsed = min(1.0, max(0.0, (indicator.latest_on - start).days / span)) if span > 0 else 1.0
    expected = indicator.baseline + (indicator.target - indicator.baseline) * Decimal(str(round(elapsed, 4)))
    rising = indicator.target >= indicator.baseline
    gap = abs(indicator.target - indicator.baseline) * Decimal("0.1")  # ten per cent of the way is tolerated
    off = indicator.latest_value < expected - gap if rising else indicator.latest_value > expected + gap
    return IndicatorView(indicator, expected.quantize(Decimal("0.01")), off)


@dataclass
class LogicModel:
    columns: list[tuple[str, str, list[LogicNode]]]  # (kind, label, nodes)
    links: list[LogicLink]
    indicators: list[IndicatorView]
    nodes: dict[int, LogicNode] = field(default_factory=dict)


def logic_model(authority: Authority, plan: Plan) -> LogicModel:
    """The boxes by column, the links and the indicators with their track: three queries."""
    nodes = list(LogicNode.objects.filter(authority=authority, plan=plan).order_by("order", "id"))
    links = list(LogicLink.objects.filter(authority=authority, plan=plan).order_by("id"))
    indicators = list(Indicator.objects.filter(authority=authority, plan=plan).select_related("outcome").order_by("id"))
    by_kind: dict[str, list[LogicNode]] = defaultdict(list)
    for node in nodes:
        by_kind[node.kind].append(node)
    return LogicModel(
        columns=[(kind, str(label), by_kind[kind]) for kind, label in LogicNode.Kind.choices],
        links=links,
        indicators=[_track(i, plan.start_date) for i in indicators],
        nodes={node.pk: node for node in nodes},
    )


def outcomes(authority: Authority, plan: Plan) -> QuerySet[LogicNode]:
    return LogicNode.objects.filter(authority=authority, plan=plan, kind__in=LogicNode.OUTCOMES).order_by("order", "id")


def indicator_detail(authority: Authority, plan: Plan, indicator_id: int) -> QuerySet[Indicator]:
    return Indicator.objects.filter(authority=authority, plan=plan, pk=indicator_id).prefetch_related("measurements")


def actions(authority: Authority, plan: Plan) -> list[PlanAction]:
    """The plan's actions with their channel, owner, outcome and budget lines: two queries."""
    return list(
        PlanAction.objects.filter(authority=authority, plan=plan)
        .select_related("channel", "owner", "outcome")
        .prefetch_related(Prefetch("budget_lines", queryset=BudgetLine.objects.filter(authority=authority)
                                   .order_by("year", "id")))
        .order_by("channel__order", "channel_id", "start", "id")
    )


def action_detail(authority: Authority, plan: Plan, action_id: int) -> QuerySet[PlanAction]:
    return PlanAction.objects.filter(authority=authority, plan=plan, pk=action_id).select_related(
        "channel", "owner", "outcome", "depends_on")


@dataclass
class Budget:
    years: list[int]
    by_channel: list[tuple[str, list[Decimal], Decimal]]  # (channel, amount per year, total)
    by_source: list[tuple[str, list[Decimal], Decimal]]
    totals: list[Decimal]
    total: Decimal


def budget(items: list[PlanAction]) -> Budget:
    """The budget tables from the actions already read (no query)."""
    channel_year: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    source_year: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    years: set[int] = set()
    labels = dict(BudgetLine.Source.choices)
    channel_names: list[str] = []
    for action in items:
        if action.channel.name not in channel_names:
            channel_names.append(action.channel.name)
        for line in action.budget_lines.all():
            years.add(line.year)
            channel_year[action.channel.name][line.year] += line.amount
            source_year[line.source][line.year] += line.amount
    ordered = sorted(years)

    def rows(table: dict[str, dict[int, Decimal]], names: Iterable[tuple[str, object]]) -> list:
        return [(str(label), [table[key][y] or Decimal(0) for y in ordered], sum(table[key].values(), Decimal(0)))
                for key, label in names]

    totals: list[Decimal] = [sum((channel_year[c][y] for c in channel_year), Decimal(0)) for y in ordered]
    return Budget(ordered, rows(channel_year, [(n, n) for n in channel_names]),
                  [r for r in rows(source_year, labels.items()) if r[2]], totals, sum(totals, Decimal(0)))


def initiatives(authority: Authority, plan: Plan) -> list[Initiative]:
    return list(Initiative.objects.filter(authority=authority, plan=plan).select_related("channel").order_by("id"))


def initiative_detail(authority: Authority, plan: Plan, initiative_id: int) -> QuerySet[Initiative]:
    return Initiative.objects.filter(authority=authority, plan=plan, pk=initiative_id)


def strategy_summary(authority: Authority) -> dict:
    """For the dashboard panel: the next meetings, the late actions and the indicators off track (four queries)."""
    today = timezone.localdate()
    upcoming = list(
        Meeting.objects.filter(authority=authority, status=Meeting.Status.PLANNED, date__gte=today)
        .exclude(plan__status=Plan.Status.ARCHIVED).select_related("plan", "channel").order_by("date", "id")[:3]
    )
    late = PlanAction.objects.filter(authority=authority, end__lt=today,
                                     status__in=(PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS))
    late_count = late.count()
    late_rows = list(late.select_related("plan").order_by("end", "id")[:RECENT])
    indicators = Indicator.objects.filter(authority=authority, latest_value__isnull=False).select_related("plan")
    off = [view for view in (_track(i, i.plan.start_date) for i in indicators.order_by("id")[:500]) if view.off_track]
    return {"upcoming": upcoming, "late_count": late_count, "late": late_rows, "off_track": off[:RECENT],
            "off_track_count": len(off)}


# --- The public plan -----------------------------------------------------------------------------------------


def published_plans(authority: Authority) -> list[PlanRelease]:
    """The latest published version of each plan of the authority (one query)."""
    return list(
        PlanRelease.objects.filter(authority=authority, plan__published_version__gt=0)
        .filter(number=F("plan__published_version"))
        .exclude(plan__status=Plan.Status.ARCHIVED).order_by("-published_at", "-id")
    )


def published_release(authority: Authority, plan_id: int) -> QuerySet[PlanRelease]:
    """The plan's latest published version, for get_object_or_404: a plan never published is a 404."""
    return (PlanRelease.objects.filter(authority=authority, plan_id=plan_id, number=F("plan__published_version"))
            .exclude(plan__status=Plan.Status.ARCHIVED))


def plan_counts(authority: Authority, plan: Plan) -> dict:
    """The numbers of the plan's overview in one query."""
    late = Q(authority=authority, plan=plan, end__lt=timezone.localdate(),
             status__in=(PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS))
    return PlanAction.objects.filter(authority=authority, plan=plan).aggregate(
        total=Count("id"), late=Count("id", filter=late))


def approved_comments(authority: Authority, plan_id: int, limit: int = 50) -> list[PublicComment]:
    return list(PublicComment.objects.filter(authority=authority, plan_id=plan_id,
                                             status=PublicComment.Status.APPROVED).order_by("-created_at", "-id")[:limit])


def comments(authority: Authority, plan: Plan, *, status: str = PublicComment.Status.PENDING) -> QuerySet[PublicComment]:
    """The residents' comments of a plan for moderation, the newest first (paginated by the page)."""
    return PublicComment.objects.filter(authority=authority, plan=plan, status=status).order_by("-created_at", "-id")


def plans_open_to_proposals(authority: Authority) -> QuerySet[Plan]:
    """Plans whose hackathon form is open to residents (the only way a plan not yet published shows its title)."""
    return Plan.objects.filter(authority=authority, proposals_open=True).exclude(status=Plan.Status.ARCHIVED)
