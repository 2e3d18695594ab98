"""The data of learning communities (DOMAIN.md model 4; seed 002, the guide to learning communities).

A learning community spans authorities: its members come from many of them, and its programme sits at
the national level. So this app does not hang on one authority's scope. Its own memberships are the
tenancy of the app:

- `Programme`, `ProgrammeRole`, `Community` and `CommunityMember` say who belongs where. They are read
  only through `merhav.communities.access` (who sees which community), never to list a community's data.
- Every row that belongs to a community carries `community` and a scoped manager on that dimension
  (`ScopedManager(community="community")`): a query without an active community scope raises, and inside
  `scope(community=...)` only that community's rows exist. The views activate the scope after the access
  check, so another community's id is a 404 exactly as another authority's is.

Members, meetings, attendance and knowledge products are plain rows with stable keys: the knowledge
network and the social network analysis (a later issue) read them as they are.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from merhav.tenancy.models import StandardDepartment


def new_call_token() -> str:
    return secrets.token_urlsafe(16)


class Programme(models.Model):
    """A national programme of learning communities (e.g. the Ministry of the Interior's with a fund)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ProgrammeRole(models.Model):
    """The programme team (seed: manager, knowledge lead, production coordinator, digital and
    knowledge-network coordinator) and the members of its advisory and steering committees."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Programme manager")
        KNOWLEDGE_LEAD = "knowledge_lead", _("Knowledge and learning lead")
        PRODUCTION = "production", _("Production coordinator")
        DIGITAL = "digital", _("Digital and knowledge-network coordinator")
        ADVISORY = "advisory", _("Advisory committee member")
        STEERING = "steering", _("Steering committee member")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("programme role")
        verbose_name_plural = _("programme roles")
        constraints = [
            models.UniqueConstraint(fields=["programme", "user", "role"], name="communities_programme_role_once"),
        ]
        indexes = [models.Index(fields=["user", "programme"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class CommitteeMeeting(models.Model):
    """A meeting of the programme's advisory committee (5–7 members, 3–4 times a year: work plan, budget,
    measurement) or steering committee (3 times a year). A programme's row, shown on its page only."""

    class Committee(models.TextChoices):
        ADVISORY = "advisory", _("Advisory committee")
        STEERING = "steering", _("Steering committee")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="committee_meetings")
    committee = models.CharField(_("committee"), max_length=20, choices=Committee.choices)
    held_on = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), blank=True)
    summary = models.TextField(_("decisions and summary"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["programme", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.get_committee_display()} {self.held_on:%d.%m.%Y}"


# The programme team runs every community of the programme; the committees only read.
TEAM_ROLES = frozenset({
    ProgrammeRole.Role.MANAGER, ProgrammeRole.Role.KNOWLEDGE_LEAD, ProgrammeRole.Role.PRODUCTION,
    ProgrammeRole.Role.DIGITAL,
})


class Community(models.Model):
    """A community of practice of managers who share a role, across authorities."""

    class Stage(models.TextChoices):
        # The seed's three-year life cycle.
        ESTABLISHMENT = "establishment", _("Establishment")
        YEAR_A = "year_a", _("Year A: founding")
        YEAR_B = "year_b", _("Year B: work teams and production")
        YEAR_C = "year_c", _("Year C: impact and farewell")
        CLOSED = "closed", _("Closed")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="communities")
    name = models.CharField(_("name"), max_length=200)
    shared_role = models.CharField(
        _("shared role of the members"), max_length=200,
        help_text=_("For example: heads of education departments."),
    )
    department_kind = models.CharField(
        _("department"), max_length=30, choices=StandardDepartment.choices, default=StandardDepartment.OTHER
    )
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.ESTABLISHMENT)
    # The syllabus year starts in September (the seed's syllabi run from September to July).
    year_start_month = models.PositiveSmallIntegerField(default=9, editable=False)
    finish_line = models.DateField(
        _("common finish line"), null=True, blank=True,
        help_text=_("The date every work team presents its product, e.g. the yearly conference."),
    )
    wartime = models.BooleanField(_("wartime mode"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("learning community")
        verbose_name_plural = _("learning communities")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["programme", "name"])]

    def __str__(self) -> str:
        return self.name

    def syllabus_year_of(self, day: date) -> int:
        """The year a syllabus year starts in (2022 for 14.9.2022 and for 6.6.2023)."""
        return day.year if day.month >= self.year_start_month else day.year - 1

    def syllabus_bounds(self, year: int) -> tuple[date, date]:
        start = date(year, self.year_start_month, 1)
        end = date(year + 1, self.year_start_month, 1)
        return start, date.fromordinal(end.toordinal() - 1)


class CommunityMember(models.Model):
    """A person's place in one community, and the authority they come from (a member of two authorities
    represents one of them here)."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Community leader")
        PARTNER = "partner", _("Professional partner (ministry)")
        LEADING_CORE = "leading_core", _("Leading-core member")
        CORE = "core", _("Core member")
        NETWORK = "network", _("Knowledge-network member")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Woman")
        MALE = "male", _("Man")
        OTHER = "other", _("Other or not stated")

    class Sector(models.TextChoices):
        JEWISH = "jewish", _("Jewish")
        ARAB = "arab", _("Arab")
        DRUZE = "druze", _("Druze")
        BEDOUIN = "bedouin", _("Bedouin")
        MIXED = "mixed", _("Mixed city")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships")
    authority = models.ForeignKey(
        "tenancy.Authority", verbose_name=_("authority"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role in the community"), max_length=20, choices=Role.choices, default=Role.CORE)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, default=Gender.OTHER)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, blank=True)
    seniority_years = models.PositiveSmallIntegerField(_("years in the role"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("community member")
        verbose_name_plural = _("community members")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="communities_member_once"),
        ]
        indexes = [models.Index(fields=["user", "community"]), models.Index(fields=["community", "role"])]

    def __str__(self) -> str:
        return str(self.user)


LEADING_ROLES = frozenset({CommunityMember.Role.LEADER, CommunityMember.Role.PARTNER})
CORE_ROLES = frozenset({CommunityMember.Role.LEADER, CommunityMember.Role.PARTNER, CommunityMember.Role.LEADING_CORE})


class CommunityRow(models.Model):
    """A row of one community: the scoped manager refuses a query without an active community scope."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")

    objects: ClassVar[models.Manager] = ScopedManager(community="community")

    class Meta:
        abstract = True


# --- Recruitment -------------------------------------------------------------------------------------


class Call(CommunityRow):
    """A call for applications (קול קורא): a public form with a link, and the member mix it recruits to."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text of the call"), blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_call_token, editable=False)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    is_open = models.BooleanField(_("open for applications"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class MixTarget(CommunityRow):
    """One target of the agreed member mix: e.g. gender = woman, 18 members."""

    class Dimension(models.TextChoices):
        GENDER = "gender", _("Gender")
        SECTOR = "sector", _("Sector")
        DISTRICT = "district", _("District")
        AUTHORITY_KIND = "authority_kind", _("Authority type")
        SENIORITY = "seniority", _("Seniority")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="targets")
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    value = models.CharField(_("value"), max_length=30)
    target = models.PositiveSmallIntegerField(_("target number of members"))

    class Meta:
        verbose_name = _("mix target")
        verbose_name_plural = _("mix targets")
        ordering = ["dimension", "value"]
        constraints = [
            models.UniqueConstraint(fields=["call", "dimension", "value"], name="communities_mix_target_once"),
        ]
        indexes = [models.Index(fields=["community", "call"])]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value}: {self.target}"


def seniority_band(years: int | None) -> str:
    if years is None:
        return ""
    return "0-3" if years <= 3 else "4-10" if years <= 10 else "11+"


SENIORITY_BANDS = (("0-3", _("Up to 3 years")), ("4-10", _("4 to 10 years")), ("11+", _("11 years or more")))


class Application(CommunityRow):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEW = "interview", _("Interview scheduled")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    authority = models.ForeignKey("tenancy.Authority", verbose_name=_("authority"), on_delete=models.PROTECT,
                                  related_name="+")
    job_title = models.CharField(_("job title"), max_length=150)
    gender = models.CharField(_("gender"), max_length=10, choices=CommunityMember.Gender.choices)
    sector = models.CharField(_("sector"), max_length=10, choices=CommunityMember.Sector.choices)
    seniority_years = models.PositiveSmallIntegerField(_("years in the role"))
    motivation = models.TextField(_("why do you want to join?"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    interview_notes = models.TextField(_("interview notes"), blank=True)
    decision_message = models.TextField(_("message to the applicant"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    member = models.ForeignKey(CommunityMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "email"], name="communities_application_once_per_call"),
        ]
        indexes = [models.Index(fields=["community", "call", "status"])]

    def __str__(self) -> str:
        return self.full_name


class InterviewQuestion(CommunityRow):
    """The question bank for interviews, built with the partners."""

    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("interview question")
        verbose_name_plural = _("interview questions")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["community", "order"])]

    def __str__(self) -> str:
        return self.text


# --- Topics and the syllabus -----------------------------------------------------------------------


class Topic(CommunityRow):
    """A proposed topic, ranked by the members at the first meeting."""

    title = models.CharField(_("topic"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["community", "title"])]

    def __str__(self) -> str:
        return self.title


class TopicVote(CommunityRow):
    """One member's score of one topic (1: not important to me … 5: very important)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CommunityMember, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("importance"))

    class Meta:
        verbose_name = _("topic ranking")
        verbose_name_plural = _("topic rankings")
        constraints = [models.UniqueConstraint(fields=["topic", "member"], name="communities_topic_vote_once")]
        indexes = [models.Index(fields=["community", "topic"])]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.score}"


class Meeting(CommunityRow):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Community meeting")
        SEMINAR = "seminar", _("Two-day seminar")
        CONFERENCE = "conference", _("Yearly conference")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    number = models.PositiveSmallIntegerField(_("number in the year"), null=True, blank=True)
    title = models.CharField(_("topic of the meeting"), max_length=200)
    topic = models.ForeignKey(Topic, verbose_name=_("topic from the ranking"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    syllabus_year = models.PositiveSmallIntegerField(editable=False)
    host_authority = models.ForeignKey("tenancy.Authority", verbose_name=_("hosting authority"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    host_name = models.CharField(_("host (when not an authority)"), max_length=150, blank=True)
    online = models.BooleanField(_("online (Zoom)"), default=False)
    # The meeting planning sheet (דף תכנון מפגש), filled by the community leader before the meeting.
    goals_professional = models.TextField(_("professional goals"), blank=True)
    goals_community = models.TextField(_("community goals"), blank=True)
    desired_output = models.TextField(_("desired product of the meeting"), blank=True)
    opening = models.TextField(_("part A: opening the day"), blank=True)
    professional_content = models.TextField(_("part B: professional content"), blank=True)
    product_lab = models.TextField(_("part C: the product lab"), blank=True)
    schedule = models.TextField(_("schedule"), blank=True)
    logistics = models.TextField(_("logistics"), blank=True)
    roles = models.TextField(_("roles (production, knowledge lead, partners)"), blank=True)
    # After the meeting.
    summary = models.TextField(_("summary"), blank=True)
    knowledge_produced = models.TextField(_("knowledge produced"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["community", "syllabus_year", "starts_on"]),
                   models.Index(fields=["community", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self) -> date:
        return self.ends_on or self.starts_on

    @property
    def host(self) -> str:
        if self.host_authority_id:
            return self.host_authority.name  # type: ignore[union-attr]
        return self.host_name


PLANNING_FIELDS = (
    "goals_professional", "goals_community", "desired_output", "opening", "professional_content",
    "product_lab", "schedule", "logistics", "roles",
)


class Attendance(CommunityRow):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CommunityMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="communities_attendance_once")]
        indexes = [models.Index(fields=["community", "meeting"]), models.Index(fields=["community", "member"])]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.member_id}"


class SatisfactionResponse(CommunityRow):
    """The short survey after each meeting: one answer per member and meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(CommunityMember, on_delete=models.CASCADE, related_name="+")
    overall = models.PositiveSmallIntegerField(_("how satisfied are you with the meeting?"))
    content = models.PositiveSmallIntegerField(_("how useful was the content for your work?"))
    comment = models.TextField(_("anything to add?"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting survey answer")
        verbose_name_plural = _("meeting survey answers")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="communities_survey_once")]
        indexes = [models.Index(fields=["community", "meeting"])]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.member_id}"


# --- Work teams and knowledge products ----------------------------------------------------------------


class WorkTeam(CommunityRow):
    class Stage(models.IntegerChoices):
        # The seed's six stages of a work team.
        TOPIC_AND_ROLES = 1, _("Choose a topic and roles")
        PLAN = 2, _("Plan the product and split the work")
        DRAFTS = 3, _("Present drafts")
        FINAL = 4, _("Final work")
        PRESENTATION = 5, _("Presentation")
        SUMMARY = 6, _("Summary and feedback")

    name = models.CharField(_("name"), max_length=150)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices, default=Stage.TOPIC_AND_ROLES)
    budget = models.DecimalField(_("budget (NIS)"), max_digits=10, decimal_places=0, default=0)
    finish_line = models.DateField(_("finish line"), null=True, blank=True)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("work team")
        verbose_name_plural = _("work teams")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["community", "name"])]

    def __str__(self) -> str:
        return self.name


TEAM_SIZE = (5, 8)


class TeamMember(CommunityRow):
    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator and contact")
        DOCUMENTER = "documenter", _("Documenter")
        TIMEKEEPER = "timekeeper", _("Timekeeper")
        SCHEDULER = "scheduler", _("Scheduler")
        MEMBER = "member", _("Team member")

    team = models.ForeignKey(WorkTeam, on_delete=models.CASCADE, related_name="team_members")
    member = models.ForeignKey(CommunityMember, on_delete=models.CASCADE, related_name="teams")
    role = models.CharField(_("role in the team"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("work team member")
        verbose_name_plural = _("work team members")
        constraints = [models.UniqueConstraint(fields=["team", "member"], name="communities_team_member_once")]
        indexes = [models.Index(fields=["community", "team"]), models.Index(fields=["community", "member"])]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.member_id}"


class KnowledgeProduct(CommunityRow):
    class Kind(models.TextChoices):
        VIDEO = "video", _("Video")
        PODCAST = "podcast", _("Podcast")
        MIND_MAP = "mind_map", _("Mind map")
        SOURCES = "sources", _("Sources board (padlet)")
        BOOKLET = "booklet", _("Booklet")
        ONE_PAGER = "one_pager", _("One-pager")
        RUBRIC = "rubric", _("Rubric")
        CASE_STUDY = "case_study", _("Case-study guide")
        POLICY = "policy", _("Policy paper")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    team = models.ForeignKey(WorkTeam, verbose_name=_("work team"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="products")
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="products")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="communities/products/%Y/", blank=True)
    # The seed's criteria of a good product, checked by the reviewer before publishing.
    voice = models.BooleanField(_("It gives voice to the members: it carries what the community learned and the "
                                  "way it went."), default=False)
    useful = models.BooleanField(_("It is useful and accessible: members can apply it, embed it and pass it on."),
                                 default=False)
    whole = models.BooleanField(_("The whole is greater than its parts: it joins everyone's knowledge."),
                                default=False)
    pride = models.BooleanField(_("Members are proud of it and want to share it."), default=False)
    from_field = models.BooleanField(_("It grew from the field, between theory and practice."), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("knowledge product")
        verbose_name_plural = _("knowledge products")
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["community", "status", "-published_at"])]

    def __str__(self) -> str:
        return self.title


QUALITY_CRITERIA = ("voice", "useful", "whole", "pride", "from_field")


# --- Wartime ------------------------------------------------------------------------------------------


class StatusCheck(CommunityRow):
    """Wartime: a call to one member by a leading-core member, and how the member is."""

    class Outcome(models.TextChoices):
        NOT_CALLED = "not_called", _("Not called yet")
        OK = "ok", _("All right")
        NEEDS_HELP = "needs_help", _("Needs help")
        NO_ANSWER = "no_answer", _("No answer")

    member = models.ForeignKey(CommunityMember, on_delete=models.CASCADE, related_name="+")
    caller = models.ForeignKey(CommunityMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.NOT_CALLED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    called_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wartime status call")
        verbose_name_plural = _("wartime status calls")
        constraints = [models.UniqueConstraint(fields=["community", "member"], name="communities_status_check_once")]
        indexes = [models.Index(fields=["community", "caller"])]


    def __str__(self) -> str:
        return f"{self.member_id}: {self.outcome}"


# --- Social network analysis ---------------------------------------------------------------------------


class RosterSurvey(CommunityRow):
    """A roster survey of the community at one point in time (the seed's network study: time 1 near the
    start, time 2 later): each member names the members with whom they exchanged professional knowledge,
    how often and about what. The network of one survey is read by merhav.communities.services.sna."""

    class Round(models.IntegerChoices):
        FIRST = 1, _("Time 1")
        SECOND = 2, _("Time 2")

    title = models.CharField(_("title"), max_length=200)
    round = models.PositiveSmallIntegerField(_("point in time"), choices=Round.choices)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("roster survey")
        verbose_name_plural = _("roster surveys")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "round"], name="communities_roster_round_once"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on


class RosterAnswer(CommunityRow):
    """One member's answer to a roster survey (once per member), the ties named in it beside."""

    survey = models.ForeignKey(RosterSurvey, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(CommunityMember, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("roster answer")
        verbose_name_plural = _("roster answers")
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="communities_roster_answer_once"),
        ]
        indexes = [models.Index(fields=["community", "survey"])]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.member_id}"


class RosterTie(CommunityRow):
    """A tie named in an answer: with whom, how often, about what."""

    class Frequency(models.IntegerChoices):
        # How often knowledge was exchanged in the last months (the tie's strength).
        ONCE = 1, _("Once or twice")
        MONTHLY = 2, _("About once a month")
        WEEKLY = 3, _("About once a week")
        DAILY = 4, _("Almost every day")

    survey = models.ForeignKey(RosterSurvey, on_delete=models.CASCADE, related_name="ties")
    answer = models.ForeignKey(RosterAnswer, on_delete=models.CASCADE, related_name="ties")
    member = models.ForeignKey(CommunityMember, on_delete=models.CASCADE, related_name="+")
    alter = models.ForeignKey(CommunityMember, verbose_name=_("with whom"), on_delete=models.CASCADE, related_name="+")
    frequency = models.PositiveSmallIntegerField(_("how often"), choices=Frequency.choices)
    topic = models.CharField(_("what about"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("named tie")
        verbose_name_plural = _("named ties")
        constraints = [
            models.UniqueConstraint(fields=["answer", "alter"], name="communities_roster_tie_once"),
        ]
        indexes = [models.Index(fields=["community", "survey"])]

    def __str__(self) -> str:
        return f"{self.member_id}→{self.alter_id}"


# --- Knowledge network --------------------------------------------------------------------------------
# The seed's "going beyond the community": a wider network (50–250+ role-holders across authorities) that
# grows from the community. It launches with 20–30 members who answered the onboarding questionnaire, then
# takes waves of 5–10; it talks on a board, meets online once a month, gets a newsletter of the period's
# products, answers a one-question pulse each quarter and an evaluation survey.

NETWORK_LAUNCH_SIZE = (20, 30)
NETWORK_WAVE_SIZE = (5, 10)


class NetworkWave(CommunityRow):
    """A dated group of members who join together: the launch group, then the waves after it."""

    class Kind(models.TextChoices):
        LAUNCH = "launch", _("Launch group")
        WAVE = "wave", _("Joining wave")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WAVE)
    number = models.PositiveSmallIntegerField(_("number"))
    opens_on = models.DateField(_("joining date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("joining wave")
        verbose_name_plural = _("joining waves")
        ordering = ["number", "id"]
        constraints = [models.UniqueConstraint(fields=["community", "number"], name="communities_network_wave_once")]

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def size_range(self) -> tuple[int, int]:
        return NETWORK_LAUNCH_SIZE if self.kind == self.Kind.LAUNCH else NETWORK_WAVE_SIZE


class NetworkMember(CommunityRow):
    """A member of the knowledge network, with the answers of the onboarding questionnaire."""

    member = models.OneToOneField(CommunityMember, on_delete=models.CASCADE, related_name="network")
    wave = models.ForeignKey(NetworkWave, verbose_name=_("wave"), on_delete=models.PROTECT,
                             related_name="network_members")
    expertise = models.TextField(_("your fields of knowledge and experience"))
    interests = models.TextField(_("what would you like to learn in the network?"))
    contribution = models.TextField(_("what can you share with the network?"), blank=True)
    online_ready = models.BooleanField(_("I can take part in the monthly online talks"), default=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("knowledge-network member")
        verbose_name_plural = _("knowledge-network members")
        indexes = [models.Index(fields=["community", "wave"])]

    def __str__(self) -> str:
        return str(self.member_id)


class NetworkThread(CommunityRow):
    """A discussion of the network's board."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reply_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-last_post_at", "-id"]
        indexes = [models.Index(fields=["community", "-last_post_at"])]

    def __str__(self) -> str:
        return self.title


class NetworkPost(CommunityRow):
    """A reply in a discussion."""

    thread = models.ForeignKey(NetworkThread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("reply"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["community", "thread", "created_at"])]

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.pk}"


class NetworkTalk(CommunityRow):
    """The monthly online talk of the network."""

    topic = models.CharField(_("topic"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    link = models.URLField(_("link to the online meeting"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("online talk")
        verbose_name_plural = _("online talks")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["community", "starts_at"])]

    def __str__(self) -> str:
        return self.topic


class Newsletter(CommunityRow):
    """The network's newsletter: the products published in its period, sent by email to the members."""

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    intro = models.TextField(_("opening words"), blank=True)
    products = models.ManyToManyField(KnowledgeProduct, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-period_end", "-id"]
        indexes = [models.Index(fields=["community", "-period_end"])]

    def __str__(self) -> str:
        return self.title


class PulseSurvey(CommunityRow):
    """The quarterly one-question pulse survey (answers 1 to 5)."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    question = models.CharField(_("question"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pulse survey")
        verbose_name_plural = _("pulse surveys")
        ordering = ["-year", "-quarter", "-id"]
        constraints = [models.UniqueConstraint(fields=["community", "year", "quarter"],
                                               name="communities_pulse_once_a_quarter")]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}"


class PulseAnswer(CommunityRow):
    pulse = models.ForeignKey(PulseSurvey, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(CommunityMember, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("your answer"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")
        constraints = [models.UniqueConstraint(fields=["pulse", "member"], name="communities_pulse_answer_once")]
        indexes = [models.Index(fields=["community", "pulse"])]

    def __str__(self) -> str:
        return f"{self.pulse_id}/{self.member_id}"


class EvaluationSurvey(CommunityRow):
    """The evaluation survey the members answer (e.g. at the end of a year): the seed's figures."""

    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evaluation survey")
        verbose_name_plural = _("evaluation surveys")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title


class EvaluationAnswer(CommunityRow):
    survey = models.ForeignKey(EvaluationSurvey, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(CommunityMember, on_delete=models.CASCADE, related_name="+")
    meetings_satisfaction = models.PositiveSmallIntegerField(
        _("How satisfied are you with the meetings? (1: not at all, 5: very much)"))
    ongoing_contact = models.BooleanField(
        _("I am in ongoing contact with other members to consult them"), default=False)
    adopted_tool = models.BooleanField(
        _("I adopted, or plan to adopt, a tool or idea I learned here"), default=False)
    shared_with_manager = models.BooleanField(
        _("I shared knowledge or an idea from here with my managers"), default=False)
    comment = models.TextField(_("anything to add?"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="communities_evaluation_once")]
        indexes = [models.Index(fields=["community", "survey"])]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.member_id}"
