"""The data of the strategic plan (seed 003, "a caring community"). Every row belongs to one authority (its
scoped manager refuses a query without an active scope); rows people edit carry a version.

A plan is built by a process: the steering committee sets the scope, the shaping committee meets five times
(with a launch conference between its second and third meeting), four channel teams meet four times each,
and the steering committee approves. A hackathon a month after the launch starts the experimental pilot,
measured after about six months and decided after about nine. Each step is a Meeting whose date is proposed
from the one before it (process.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


def _tenant(*fields: str) -> models.Index:
    return models.Index(fields=["authority", *fields])


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_PROGRESS = "in_progress", _("In progress")
        APPROVED = "approved", _("Approved")
        ARCHIVED = "archived", _("Archived")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    vision = models.TextField(_("vision"), blank=True)
    start_date = models.DateField(_("steering committee date"), null=True, blank=True)
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("coordinator"))
    approved_at = models.DateTimeField(null=True, blank=True)
    published_version = models.PositiveIntegerField(default=0)
    # The hackathon's public form takes residents' initiatives while this is set (and shows the plan's title).
    proposals_open = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "-updated_at"]),
            models.Index(fields=["authority", "status"]),
        ]

    def __str__(self) -> str:
        return self.title


class Channel(models.Model):
    """A channel of the plan (social, educational, urban, economic; configurable) and its team."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("name"), max_length=120)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("domain lead"))
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["order", "id"]
        indexes = [_tenant("plan")]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    class Step(models.TextChoices):
        STEERING_SCOPE = "steering_scope", _("Steering committee: scope")
        SHAPING_1 = "shaping_1", _("Shaping committee 1: five challenges")
        SHAPING_2 = "shaping_2", _("Shaping committee 2: situation picture")
        LAUNCH = "launch", _("Launch conference: vision and goals")
        SHAPING_3 = "shaping_3", _("Shaping committee 3: logic model")
        TEAM = "team", _("Channel team meeting")
        SHAPING_4 = "shaping_4", _("Shaping committee 4: the teams' work plans")
        SHAPING_5 = "shaping_5", _("Shaping committee 5: decide and close the plan")
        STEERING_APPROVAL = "steering_approval", _("Steering committee: approval")
        HACKATHON = "hackathon", _("Hackathon")
        PILOT_MEASUREMENT = "pilot_measurement", _("Pilot: measurement and learning")
        PILOT_DECISION = "pilot_decision", _("Pilot: decision per initiative")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    step = models.CharField(_("step"), max_length=30, choices=Step.choices)
    channel = models.ForeignKey(Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField(default=1)  # the team meeting's number (1–4)
    order = models.PositiveSmallIntegerField(default=0)
    date = models.DateField(_("date"), null=True, blank=True)
    date_set = models.BooleanField(default=False)  # set by a person: no longer proposed from the one before
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    held_on = models.DateField(null=True, blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    attendees = models.ManyToManyField("Participant", blank=True, related_name="meetings_attended")
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("plan meeting")
        verbose_name_plural = _("plan meetings")
        ordering = ["order", "id"]
        indexes = [_tenant("plan", "order"), _tenant("status", "date")]

    def __str__(self) -> str:
        return str(self.get_step_display())

    @property
    def when(self):
        return self.held_on or self.date


class Participant(models.Model):
    """A member of a committee or a channel team; from any sector, with or without an account."""

    class Committee(models.TextChoices):
        STEERING = "steering", _("Steering committee")
        SHAPING = "shaping", _("Shaping committee")
        TEAM = "team", _("Channel team")
        PILOT = "pilot", _("Hackathon selection committee")

    class Sector(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        BUSINESS = "business", _("Business")
        RESIDENTS = "residents", _("Residents")
        ACADEMIA = "academia", _("Academia")
        PUBLIC = "public", _("Government and public bodies")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="participants")
    committee = models.CharField(_("committee"), max_length=20, choices=Committee.choices)
    channel = models.ForeignKey(Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="members",
                                verbose_name=_("channel"))
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user account"))

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("plan participant")
        verbose_name_plural = _("plan participants")
        ordering = ["committee", "full_name", "id"]
        indexes = [_tenant("plan", "committee")]

    def __str__(self) -> str:
        return self.full_name


class Challenge(models.Model):
    """One of the five challenges the shaping committee chose, with the situation picture of its mapping."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("title"), max_length=200)
    situation = models.TextField(_("situation picture"), blank=True)
    needs = models.PositiveIntegerField(_("needs mapped"), default=0)
    resources = models.PositiveIntegerField(_("resources mapped"), default=0)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["order", "id"]
        indexes = [_tenant("plan")]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """A goal of the compass built at the launch conference."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "id"]
        indexes = [_tenant("plan")]

    def __str__(self) -> str:
        return self.title


class LogicNode(models.Model):
    """A box of the logic model (theory of change)."""

    class Kind(models.TextChoices):
        INPUT = "input", _("Inputs")
        ACTIVITY = "activity", _("Activities")
        OUTPUT = "output", _("Outputs")
        SHORT = "short", _("Short-term outcomes")
        MEDIUM = "medium", _("Medium-term outcomes")
        LONG = "long", _("Long-term outcomes")

    OUTCOMES = (Kind.SHORT, Kind.MEDIUM, Kind.LONG)

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="logic_nodes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("logic model box")
        verbose_name_plural = _("logic model boxes")
        ordering = ["order", "id"]
        indexes = [_tenant("plan", "kind")]

    def __str__(self) -> str:
        return self.title


class LogicLink(models.Model):
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="logic_links")
    source = models.ForeignKey(LogicNode, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(LogicNode, on_delete=models.CASCADE, related_name="links_in")

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("logic model arrow")
        verbose_name_plural = _("logic model arrows")
        indexes = [_tenant("plan")]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="strategy_link_once")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class Indicator(models.Model):
    """How an outcome is measured: baseline, target, and measured values over time."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    outcome = models.ForeignKey(LogicNode, on_delete=models.CASCADE, related_name="indicators",
                                verbose_name=_("outcome"))
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    # The latest measurement, kept on the row so that lists read it without a query per indicator.
    latest_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    latest_on = models.DateField(null=True, blank=True)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]
        indexes = [_tenant("plan")]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "id"]
        indexes = [_tenant("indicator", "measured_on")]

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value}"


class PlanAction(models.Model):
    """An action of a channel's work plan: owner, start and end, the outcome it advances, its budget."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="actions", verbose_name=_("channel"))
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("owner"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    outcome = models.ForeignKey(LogicNode, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
                                verbose_name=_("target it advances"))
    depends_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="dependants", verbose_name=_("depends on"))
    budget_total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["channel__order", "start", "id"]
        indexes = [_tenant("plan", "start"), _tenant("status", "end")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS) and self.end < timezone.localdate()


class BudgetLine(models.Model):
    class Source(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal budget")
        GOVERNMENT = "government", _("Government ministry")
        PHILANTHROPY = "philanthropy", _("Philanthropy")
        BUSINESS = "business", _("Business partner")
        OTHER = "other", _("Other")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (ILS)"), max_digits=14, decimal_places=2)
    source = models.CharField(_("funding source"), max_length=20, choices=Source.choices)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "id"]
        indexes = [_tenant("action")]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class Initiative(models.Model):
    """An initiative of the experimental pilot, proposed at the hackathon."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        SELECTED = "selected", _("Selected for support")
        NOT_SELECTED = "not_selected", _("Not selected")
        CONTINUED = "continued", _("Continues")
        STOPPED = "stopped", _("Stopped")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    team_name = models.CharField(_("proposing team"), max_length=150, blank=True)
    channel = models.ForeignKey(Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("channel"))
    fit_score = models.PositiveSmallIntegerField(_("fit with the plan (1–5)"), null=True, blank=True)
    impact_score = models.PositiveSmallIntegerField(_("expected impact (1–5)"), null=True, blank=True)
    feasibility_score = models.PositiveSmallIntegerField(_("feasibility (1–5)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    support_connections = models.BooleanField(_("connections"), default=False)
    support_mentoring = models.BooleanField(_("mentoring"), default=False)
    support_amount = models.DecimalField(_("money (ILS)"), max_digits=12, decimal_places=2, default=0)
    learning = models.TextField(_("measurement and learning"), blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    # Proposed by a resident through the public form: a keyed hash of the address, to refuse a flood.
    client_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("pilot initiative")
        verbose_name_plural = _("pilot initiatives")
        ordering = ["id"]
        indexes = [_tenant("plan", "status")]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int | None:
        scores = (self.fit_score, self.impact_score, self.feasibility_score)
        return None if None in scores else sum(s for s in scores if s is not None)


class PlanRelease(models.Model):
    """A published version of a plan: what the public page shows, frozen when it was published. A change to
    the plan is public only when the plan is published again (a new version)."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("published plan version")
        verbose_name_plural = _("published plan versions")
        ordering = ["-number"]
        indexes = [_tenant("plan", "-number")]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="strategy_release_number_once")]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class PublicComment(models.Model):
    """A resident's comment on a published plan: shown only after a member approves it. The commenter's address
    is kept only as a keyed hash, to refuse a flood."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    release_number = models.PositiveIntegerField()
    name = models.CharField(_("name (optional)"), max_length=80, blank=True)
    body = models.TextField(_("comment"))
    client_hash = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("resident's comment")
        verbose_name_plural = _("residents' comments")
        ordering = ["-created_at", "-id"]
        indexes = [_tenant("plan", "status", "-created_at"), _tenant("client_hash", "created_at")]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.body[:40]}"
