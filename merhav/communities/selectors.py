"""Reads of learning communities shared by the pages, the API and the panel.

The community comes first, always, and the caller has activated its scope (`scope(community=...)`, done
by the views after the access check); the lists across communities take the user's access
(merhav.communities.access) first. Each read costs a fixed number of queries, whatever the size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from merhav.tenancy.models import Authority

from .access import Access
from .models import (
    SENIORITY_BANDS,
    Application,
    Attendance,
    Call,
    CommitteeMeeting,
    Community,
    CommunityMember,
    KnowledgeProduct,
    Meeting,
    MixTarget,
    Programme,
    ProgrammeRole,
    SatisfactionResponse,
    StatusCheck,
    TeamMember,
    Topic,
    TopicVote,
    WorkTeam,
    seniority_band,
)

# --- Across communities (the user's access first) ------------------------------------------------------


def visible_communities(access: Access) -> QuerySet[Community]:
    return (Community.objects.filter(pk__in=access.community_ids).select_related("programme")
            .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
            .order_by("programme__name", "name", "id"))


def visible_programmes(access: Access) -> QuerySet[Programme]:
    return Programme.objects.filter(pk__in=access.programme_ids).order_by("name", "id")


def programme_roles(programme: Programme) -> QuerySet[ProgrammeRole]:
    return ProgrammeRole.objects.filter(programme=programme).select_related("user").order_by("role", "user__full_name")


def committee_meetings(programme: Programme) -> QuerySet[CommitteeMeeting]:
    return CommitteeMeeting.objects.filter(programme=programme).order_by("-held_on", "-id")


def programme_communities(programme: Programme) -> QuerySet[Community]:
    return (Community.objects.filter(programme=programme)
            .annotate(member_count=Count("members", filter=Q(members__is_active=True))).order_by("name", "id"))


def library(access: Access, *, query: str = "", kind: str = "") -> QuerySet[KnowledgeProduct]:
    """Published products of every community of the programmes the user takes part in (the caller
    activates scope(community=those communities)); newest first, searched in title and summary."""
    programme_ids = access.programme_ids
    rows = (KnowledgeProduct.objects.filter(community__programme_id__in=programme_ids,
                                            status=KnowledgeProduct.Status.PUBLISHED)
            .select_related("community", "team"))
    if query:
        rows = rows.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-published_at", "-id")


def library_community_ids(access: Access) -> list[int]:
    """The communities whose published products the user may find (their programmes' communities)."""
    return list(Community.objects.filter(programme_id__in=access.programme_ids).values_list("pk", flat=True))


# --- One community (its scope active) ----------------------------------------------------------------


def members(community: Community, *, role: str = "") -> QuerySet[CommunityMember]:
    rows = (CommunityMember.objects.filter(community=community, is_active=True)
            .select_related("user", "authority").order_by("role", "user__full_name", "id"))
    return rows.filter(role=role) if role else rows


def member_choices(community: Community) -> list[tuple[int, str]]:
    """For pickers: each name with the role in the community and the authority beside it."""
    return [
        (m.pk, f"{m.user.full_name} — {m.get_role_display()}" + (f", {m.authority.name}" if m.authority else ""))
        for m in members(community)
    ]


def meetings(community: Community, *, year: int | None = None) -> QuerySet[Meeting]:
    rows = Meeting.objects.filter(community=community).select_related("host_authority", "topic")
    if year is not None:
        rows = rows.filter(syllabus_year=year)
    return rows.order_by("starts_on", "id")


def meetings_with_figures(community: Community, *, year: int | None = None) -> QuerySet[Meeting]:
    """Each meeting with its attendance and its survey's averages (one query: a subquery per figure, so
    that attendance and answers are never joined with each other)."""
    present = (Attendance.objects.filter(meeting=OuterRef("pk"), present=True).order_by()
               .values("meeting").annotate(n=Count("pk")).values("n"))
    answers = SatisfactionResponse.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
    return meetings(community, year=year).annotate(
        present_count=Coalesce(Subquery(present), 0),
        response_count=Coalesce(Subquery(answers.annotate(n=Count("pk")).values("n")), 0),
        overall_avg=Subquery(answers.annotate(a=Avg("overall")).values("a")),
        content_avg=Subquery(answers.annotate(a=Avg("content")).values("a")),
    )


def syllabus_years(community: Community) -> list[int]:
    return list(Meeting.objects.filter(community=community).values_list("syllabus_year", flat=True)
                .distinct().order_by("syllabus_year"))


def current_year(community: Community, years: list[int]) -> int:
    this = community.syllabus_year_of(timezone.localdate())
    return this if this in years or not years else years[-1]


def meeting_detail(community: Community, community_meeting_id: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(community=community, pk=community_meeting_id).select_related("host_authority", "topic")


def attendance_of(meeting: Meeting) -> dict[int, bool]:
    return dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "present"))


@dataclass(frozen=True)
class SurveyResults:
    count: int
    overall: float | None
    content: float | None
    high_share: int | None  # percent of answers of 4 or 5 (the seed reports ~80% high satisfaction)
    comments: list[str]


def survey_results(meeting: Meeting) -> SurveyResults:
    rows = list(SatisfactionResponse.objects.filter(meeting=meeting).values_list("overall", "content", "comment"))
    if not rows:
        return SurveyResults(0, None, None, None, [])
    count = len(rows)
    return SurveyResults(
        count=count, overall=round(sum(r[0] for r in rows) / count, 1), content=round(sum(r[1] for r in rows) / count, 1),
        high_share=round(100 * sum(1 for r in rows if r[0] >= 4) / count),
        comments=[r[2] for r in rows if r[2]],
    )


def topics_ranked(community: Community) -> list[Topic]:
    """Topics with their average score and the number of answers, the most wanted first (one query)."""
    return list(Topic.objects.filter(community=community)
                .annotate(avg_score=Avg("votes__score"), vote_count=Count("votes"))
                .order_by("-avg_score", "title", "id"))


def has_ranked(member_id: int | None) -> bool:
    return bool(member_id) and TopicVote.objects.filter(member_id=member_id).exists()


def calls(community: Community) -> QuerySet[Call]:
    return (Call.objects.filter(community=community)
            .annotate(application_count=Count("applications")).order_by("-created_at", "-id"))


def applications(call: Call, *, status: str = "") -> QuerySet[Application]:
    rows = Application.objects.filter(community_id=call.community_id, call=call).select_related("authority")
    return (rows.filter(status=status) if status else rows).order_by("-created_at", "-id")


def _value_of(dimension: str, row: Application) -> str:
    if dimension == MixTarget.Dimension.GENDER:
        return row.gender
    if dimension == MixTarget.Dimension.SECTOR:
        return row.sector
    if dimension == MixTarget.Dimension.DISTRICT:
        return row.authority.district
    if dimension == MixTarget.Dimension.AUTHORITY_KIND:
        return row.authority.kind
    return seniority_band(row.seniority_years)


def value_labels(dimension: str) -> dict[str, str]:
    choices = {
        MixTarget.Dimension.GENDER: CommunityMember.Gender.choices,
        MixTarget.Dimension.SECTOR: CommunityMember.Sector.choices,
        MixTarget.Dimension.DISTRICT: Authority.District.choices,
        MixTarget.Dimension.AUTHORITY_KIND: Authority.Kind.choices,
        MixTarget.Dimension.SENIORITY: SENIORITY_BANDS,
    }[MixTarget.Dimension(dimension)]
    return {value: str(label) for value, label in choices}


@dataclass(frozen=True)
class MixRow:
    value: str
    label: str
    target: int | None
    accepted: int
    in_process: int  # shortlisted or interviewed
    applied: int  # every application

    @property
    def gap(self) -> int | None:
        return None if self.target is None else self.target - self.accepted


def mix(call: Call) -> list[tuple[str, str, list[MixRow]]]:
    """The member mix against the targets, live: for each dimension, each value with its target and the
    number of applicants accepted, in process and in all (two queries)."""
    targets: dict[tuple[str, str], int] = {
        (t.dimension, t.value): t.target for t in MixTarget.objects.filter(community_id=call.community_id, call=call)
    }
    rows = list(Application.objects.filter(community_id=call.community_id, call=call)
                .select_related("authority").only("gender", "sector", "seniority_years", "status",
                                                  "authority__district", "authority__kind"))
    result = []
    for dimension, dimension_label in MixTarget.Dimension.choices:
        applied: Counter[str] = Counter()
        accepted: Counter[str] = Counter()
        in_process: Counter[str] = Counter()
        for row in rows:
            value = _value_of(dimension, row)
            applied[value] += 1
            if row.status == Application.Status.ACCEPTED:
                accepted[value] += 1
            elif row.status in (Application.Status.SHORTLISTED, Application.Status.INTERVIEW):
                in_process[value] += 1
        labels = value_labels(dimension)
        values = [v for v in labels if v in applied or (dimension, v) in targets]
        result.append((dimension, str(dimension_label), [
            MixRow(value=v, label=labels.get(v, v), target=targets.get((dimension, v)), accepted=accepted[v],
                   in_process=in_process[v], applied=applied[v]) for v in values
        ]))
    return result


def teams(community: Community) -> QuerySet[WorkTeam]:
    return (WorkTeam.objects.filter(community=community)
            .annotate(member_count=Count("team_members")).order_by("name", "id"))


def team_detail(community: Community, team_id: int) -> QuerySet[WorkTeam]:
    return WorkTeam.objects.filter(community=community, pk=team_id).prefetch_related(
        Prefetch("team_members", queryset=TeamMember.objects.select_related("member__user", "member__authority")
                 .order_by("role", "member__user__full_name"))
    )


def products(community: Community, *, team: WorkTeam | None = None) -> QuerySet[KnowledgeProduct]:
    rows = KnowledgeProduct.objects.filter(community=community).select_related("team")
    if team is not None:
        rows = rows.filter(team=team)
    return rows.order_by("-published_at", "-created_at", "-id")


def product_detail(community: Community, product_id: int) -> QuerySet[KnowledgeProduct]:
    return KnowledgeProduct.objects.filter(community=community, pk=product_id).select_related("team", "meeting",
                                                                                               "created_by")


def status_checks(community: Community) -> QuerySet[StatusCheck]:
    return (StatusCheck.objects.filter(community=community)
            .select_related("member__user", "member__authority", "caller__user")
            .order_by("caller__user__full_name", "member__user__full_name", "id"))


def community_overview(community: Community) -> dict:
    """The community's page: counts by role, the next meetings, teams by stage (four queries)."""
    today = timezone.localdate()
    by_role = dict(CommunityMember.objects.filter(community=community, is_active=True).values("role")
                   .annotate(n=Count("id")).order_by().values_list("role", "n"))
    upcoming = list(meetings(community).filter(starts_on__gte=today)[:3])
    team_rows = list(teams(community))
    published = KnowledgeProduct.objects.filter(community=community, status=KnowledgeProduct.Status.PUBLISHED).count()
    return {
        "by_role": [(label, by_role.get(value, 0)) for value, label in CommunityMember.Role.choices],
        "member_total": sum(by_role.values()),
        "upcoming": upcoming, "teams": team_rows, "published_count": published,
    }


def panel(access: Access, today: date | None = None) -> dict:
    """The dashboard panel for a member: the next meeting, the user's teams and their stage (the open
    work), the newest products of their programmes (three queries; the caller activates the scope)."""
    today = today or timezone.localdate()
    ids = access.community_ids
    member_ids = list(access.member_ids.values())
    next_meeting = (Meeting.objects.filter(community_id__in=ids, starts_on__gte=today)
                    .select_related("community", "host_authority").order_by("starts_on", "id").first())
    my_teams = list(WorkTeam.objects.filter(community_id__in=ids, team_members__member_id__in=member_ids,
                                            finished_at__isnull=True).select_related("community")
                    .order_by("finish_line", "id")[:5])
    new_products = list(KnowledgeProduct.objects.filter(community_id__in=ids, status=KnowledgeProduct.Status.PUBLISHED)
                        .select_related("community").order_by("-published_at", "-id")[:5])
    return {"next_meeting": next_meeting, "teams": my_teams, "products": new_products}
