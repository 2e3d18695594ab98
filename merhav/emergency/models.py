"""The data of emergency operations (model 3 of DOMAIN.md): the authority's emergencies and their event log,
the sealed (pre-approved) messages with every version kept, the messages issued and their webhook
deliveries, and the ecosystem manager's checklist (seed 004) with its runs.

Every row belongs to one authority (its scoped manager refuses a query without an active scope); indexes
start with authority_id; rows people edit carry a version for concurrent edits."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

# The labels of choices by (field, language), as text: Django's get_FOO_display() builds a dict of every
# choice, hashing (so translating) each lazy label, on every call, which on a list page of 25 rows is
# hundreds of translations. The catalogs do not change while the process runs.
_LABELS: dict[tuple[int, str], dict] = {}


class ChoiceLabels(models.Model):
    """get_FOO_display() from a per-language cache of the field's choices."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name, called by get_FOO_display()
        key = (id(field), get_language() or "")
        labels = _LABELS.get(key)
        if labels is None:
            labels = _LABELS[key] = {value: str(label) for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        return labels.get(value, value)


class EmergencyKind(models.TextChoices):
    SECURITY = "security", _("Security / rockets")
    EARTHQUAKE = "earthquake", _("Earthquake")
    PANDEMIC = "pandemic", _("Pandemic")
    WEATHER = "weather", _("Extreme weather")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure failure")
    HAZMAT = "hazmat", _("Hazardous materials")
    OTHER = "other", _("Other emergency")


class Emergency(ChoiceLabels):
    """An authority in emergency mode, from its declaration until it returns to routine."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=EmergencyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    neighbourhoods = models.CharField(_("affected neighbourhoods"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    started_at = models.DateTimeField(_("start time"), default=timezone.now)
    ended_at = models.DateTimeField(_("end time"), null=True, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The lessons-learned event made when it ended (merhav.lessons, by its service) and the review date proposed.
    lessons_event_id = models.PositiveBigIntegerField(null=True, blank=True)
    review_proposed_on = models.DateField(_("proposed review date"), null=True, blank=True)
    # Counted by the services as rows are added (F() + 1 in the same transaction), so that the emergency's
    # dashboard and its paginated log do not count 50,000 rows on every view.
    log_entries_count = models.PositiveIntegerField(default=0)
    decisions_count = models.PositiveIntegerField(default=0)
    issued_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("emergency")
        verbose_name_plural = _("emergencies")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "-started_at"], name="emergency_authority_started"),
            models.Index(fields=["authority", "ended_at"], name="emergency_authority_ended"),
        ]
        constraints = [
            # A second emergency of the same kind while one is active is refused (the service says so first).
            models.UniqueConstraint(
                fields=["authority", "kind"], condition=Q(ended_at__isnull=True), name="emergency_one_active_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def neighbourhood_list(self) -> list[str]:
        return [n.strip() for n in self.neighbourhoods.split(",") if n.strip()]


class LogEntry(ChoiceLabels):
    """One entry of the emergency's event log (יומן אירועים). Append-only: never edited, never deleted."""

    class Kind(models.TextChoices):
        ENTRY = "entry", _("Entry")
        DECISION = "decision", _("Decision")
        REPORT = "report", _("Report")
        SYSTEM = "system", _("System")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    emergency = models.ForeignKey(Emergency, on_delete=models.CASCADE, related_name="log_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ENTRY)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("event log entry")
        verbose_name_plural = _("event log entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["authority", "emergency", "-created_at", "-id"], name="emergency_log_by_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Scenario(models.TextChoices):
    POWER = "power", _("Power infrastructure hit")
    WATER = "water", _("Water infrastructure hit")
    ROAD = "road", _("Road infrastructure hit")
    SHELTER = "shelter", _("Shelter instructions")
    SCHOOL_CLOSURE = "school_closure", _("School closure")
    EVACUATION = "evacuation", _("Evacuation")
    ALL_CLEAR = "all_clear", _("All clear")
    OTHER = "other", _("Other scenario")


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WEBSITE = "website", _("Website")
    PRESS = "press", _("Press release")
    HOTLINE = "hotline", _("Hotline script")


class MessageLanguage(models.TextChoices):
    HE = "he", _("Hebrew")
    AR = "ar", _("Arabic")
    EN = "en", _("English")


# The languages a scenario must have an approved message in (the readiness view's gaps).
REQUIRED_LANGUAGES = (MessageLanguage.HE, MessageLanguage.AR)


class SealedMessage(ChoiceLabels):
    """A pre-written public message for a scenario (הודעה נצורה): drafted, approved by the CEO, then ready
    to issue. Any change after approval withdraws the approval; every saved version is kept."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    scenario = models.CharField(_("scenario"), max_length=20, choices=Scenario.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=2, choices=MessageLanguage.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message text"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("sealed message")
        verbose_name_plural = _("sealed messages")
        ordering = ["scenario", "language", "channel", "id"]
        indexes = [
            models.Index(fields=["authority", "scenario", "language", "channel"], name="emergency_message_order"),
            models.Index(fields=["authority", "status"], name="emergency_message_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class MessageVersion(ChoiceLabels):
    """A saved version of a sealed message: what it said, who saved it, and whether it was approved."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(SealedMessage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=SealedMessage.Status.choices)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("sealed message version")
        verbose_name_plural = _("sealed message versions")
        ordering = ["-number"]
        indexes = [models.Index(fields=["authority", "message", "-number"], name="emergency_version_by_number")]
        constraints = [models.UniqueConstraint(fields=["message", "number"], name="emergency_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class IssuedMessage(ChoiceLabels):
    """A sealed message issued during an emergency: who, when, and the final text with its placeholders filled."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    emergency = models.ForeignKey(Emergency, on_delete=models.PROTECT, related_name="issued_messages")
    message = models.ForeignKey(SealedMessage, null=True, on_delete=models.SET_NULL, related_name="issues")
    message_version = models.PositiveIntegerField()
    scenario = models.CharField(_("scenario"), max_length=20, choices=Scenario.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=2, choices=MessageLanguage.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("message text"))
    values = models.JSONField(default=dict)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("issued message")
        verbose_name_plural = _("issued messages")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "-issued_at", "-id"], name="emergency_issued_by_time"),
            models.Index(fields=["authority", "emergency", "-issued_at", "-id"], name="emergency_issued_by_emergency"),
        ]

    def __str__(self) -> str:
        return self.title


class WebhookEndpoint(ChoiceLabels):
    """A URL of the authority's emergency systems that receives every issued message, signed with its secret."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address (URL)"), max_length=500)
    secret = models.CharField(max_length=64)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("emergency system endpoint")
        verbose_name_plural = _("emergency system endpoints")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["authority", "is_active"], name="emergency_webhook_active")]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(ChoiceLabels):
    """The delivery of one issued message to one endpoint: its status is shown beside the message."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        RETRYING = "retrying", _("Failed, will retry")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    issued = models.ForeignKey(IssuedMessage, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("delivery status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("message delivery")
        verbose_name_plural = _("message deliveries")
        ordering = ["id"]
        indexes = [models.Index(fields=["authority", "status"], name="emergency_delivery_status")]
        constraints = [models.UniqueConstraint(fields=["issued", "endpoint"], name="emergency_delivery_once")]

    def __str__(self) -> str:
        return f"{self.endpoint_id}: {self.status}"


class ChecklistStage(models.IntegerChoices):
    COPING = 1, _("Stage 1: initial coping and inner work to digest the event")
    LISTENING = 2, _("Stage 2: listening to the environment")
    RESOURCES = 3, _("Stage 3: reorganising resources")
    WORK_PLAN = 4, _("Stage 4: adapting the work plan to the present reality")
    AXIS = 5, _("The accompanying axis: systemic view and keeping the ecosystem's vision")


class ChecklistQuestion(ChoiceLabels):
    """A question of the authority's copy of the ecosystem manager's checklist (seed 004's appendix), in
    three languages. Authority admins edit it; the version guards concurrent edits."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    stage = models.PositiveSmallIntegerField(_("stage"), choices=ChecklistStage.choices)
    topic_he = models.CharField(_("topic (Hebrew)"), max_length=200)
    topic_ar = models.CharField(_("topic (Arabic)"), max_length=200)
    topic_en = models.CharField(_("topic (English)"), max_length=200)
    text_he = models.TextField(_("question (Hebrew)"))
    text_ar = models.TextField(_("question (Arabic)"))
    text_en = models.TextField(_("question (English)"))
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        ordering = ["stage", "position", "id"]
        indexes = [models.Index(fields=["authority", "stage", "position"], name="emergency_question_order")]

    def __str__(self) -> str:
        return self.text_he

    def text_in(self, language: str) -> str:
        return getattr(self, f"text_{language}", "") or self.text_he

    def topic_in(self, language: str) -> str:
        return getattr(self, f"topic_{language}", "") or self.topic_he


class ChecklistRun(ChoiceLabels):
    """One run of the checklist, for an emergency and a programme (e.g. the STEM ecosystem)."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    emergency = models.ForeignKey(Emergency, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    programme = models.CharField(_("programme"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("checklist run")
        verbose_name_plural = _("checklist runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["authority", "-created_at"], name="emergency_run_by_time")]

    def __str__(self) -> str:
        return self.programme


class AnswerStatus(models.TextChoices):
    NOT_YET = "not_yet", _("Not yet")
    PARTLY = "partly", _("Partly")
    DONE = "done", _("Done")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class ChecklistAnswer(ChoiceLabels):
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(ChecklistRun, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ChecklistQuestion, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("answer"), max_length=20, choices=AnswerStatus.choices, default=AnswerStatus.NOT_YET)
    note = models.TextField(_("note"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("owner"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        indexes = [models.Index(fields=["authority", "run"], name="emergency_answer_by_run")]
        constraints = [models.UniqueConstraint(fields=["run", "question"], name="emergency_answer_once")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.status}"


class CycleStage(models.TextChoices):
    """The design-thinking cycle of seed 004, per initiative."""

    ASK = "ask", _("Ask")
    IMAGINE = "imagine", _("Imagine")
    PLAN = "plan", _("Plan")
    CREATE = "create", _("Create and build")
    TEST = "test", _("Test and improve")
    SHARE = "share", _("Share")


class Initiative(ChoiceLabels):
    """An initiative of a checklist run, moved through the design-thinking cycle."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(ChecklistRun, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("initiative"), max_length=200)
    cycle_stage = models.CharField(_("stage of the cycle"), max_length=20, choices=CycleStage.choices,
                                   default=CycleStage.ASK)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("checklist initiative")
        verbose_name_plural = _("checklist initiatives")
        ordering = ["id"]
        indexes = [models.Index(fields=["authority", "run"], name="emergency_initiative_by_run")]

    def __str__(self) -> str:
        return self.title

    def stage_number(self) -> int:
        return CycleStage.values.index(self.cycle_stage) + 1
