"""The data of evacuee intake: households and the people in them (the core, identifying part of the one
questionnaire), the answers to the sections each department owns (fields configured by the authority,
versioned so that old answers stay readable), long-term services tracked until closed, imports of
evacuee lists and the authority's retention setting.

Every row belongs to one authority (its scoped manager refuses a query without an active scope). This is
the most sensitive personal data in Merhav: nothing here is shown without merhav.intake.access deciding
which sections the reader may see, and every read goes through the audit log's personal-read helper.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class SectionKey(models.TextChoices):
    """The department sections of the intake questionnaire."""

    WELFARE = "welfare", _("Welfare")
    EDUCATION = "education", _("Education")
    SPECIAL_EDUCATION = "special_education", _("Special education")
    TRANSPORT = "transport", _("Transport")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment")


class Household(models.Model):
    class Accommodation(models.TextChoices):
        HOTEL = "hotel", _("Hotel")
        RELATIVES = "relatives", _("Relatives")
        MUNICIPAL = "municipal", _("Municipal housing")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    origin_locality = models.CharField(_("origin locality"), max_length=150)
    accommodation = models.CharField(_("current accommodation"), max_length=20, choices=Accommodation.choices,
                                     default=Accommodation.HOTEL)
    accommodation_details = models.CharField(_("accommodation details"), max_length=250, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    needs = models.TextField(_("immediate needs"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # The household's key in an imported list (the list's own family number), for an idempotent re-import.
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["Household"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "-updated_at"]),
            models.Index(fields=["authority", "status"]),
            models.Index(fields=["authority", "import_key"]),
        ]

    def __str__(self) -> str:
        # Never a name: this string reaches titles and logs.
        return str(_("Household %(number)s") % {"number": self.pk})


class Person(models.Model):
    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        OTHER = "other", _("Other")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    id_number = models.CharField(_("ID number"), max_length=9, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices, default=Relation.HEAD)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Set when a person with the same name and birth date was already registered: the coordinator merges
    # the two or dismisses the flag.
    possible_duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                              related_name="+", editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["Person"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("evacuee")
        verbose_name_plural = _("evacuees")
        ordering = ["household_id", "birth_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "id_number"], condition=~Q(id_number=""),
                                    name="intake_person_unique_id_number"),
        ]
        indexes = [
            models.Index(fields=["authority", "last_name", "first_name"]),
            models.Index(fields=["authority", "first_name"]),
            models.Index(fields=["authority", "birth_date"]),
            models.Index(fields=["authority", "household"]),
        ]

    def __str__(self) -> str:
        return str(_("Evacuee record %(number)s") % {"number": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class SectionSetting(models.Model):
    """Which department owns a section of the questionnaire in this authority (when it is not the
    standard one), and why the section is asked."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    section = models.CharField(_("section"), max_length=30, choices=SectionKey.choices)
    department = models.ForeignKey("tenancy.Department", verbose_name=_("owner department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["SectionSetting"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("questionnaire section owner")
        verbose_name_plural = _("questionnaire section owners")
        constraints = [models.UniqueConstraint(fields=["authority", "section"], name="intake_section_once")]

    def __str__(self) -> str:
        return str(self.get_section_display())


class SectionField(models.Model):
    """One revision of a question of a department's section. Editing a question adds a revision and
    retires the previous one, so that answers given to it keep its label and choices."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        MULTIPLE = "multiple", _("Multiple choice")
        YES_NO = "yes_no", _("Yes/no")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    section = models.CharField(_("section"), max_length=30, choices=SectionKey.choices)
    key = models.SlugField(_("key"), max_length=50)
    revision = models.PositiveIntegerField(default=1)
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager["SectionField"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("questionnaire question")
        verbose_name_plural = _("questionnaire questions")
        ordering = ["section", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "section", "key", "revision"], name="intake_field_revision"),
            models.UniqueConstraint(fields=["authority", "section", "key"], condition=Q(is_current=True),
                                    name="intake_field_one_current"),
        ]
        indexes = [models.Index(fields=["authority", "section", "is_current"])]

    def __str__(self) -> str:
        return self.label


class Answer(models.Model):
    """A person's answer to one question of a section, given to one revision of it. After a merge both
    people's answers are kept: the one not current is shown as an earlier answer."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="answers")
    field = models.ForeignKey(SectionField, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=30, choices=SectionKey.choices)
    field_key = models.SlugField(max_length=50)
    value = models.JSONField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager["Answer"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        ordering = ["section", "field__order", "-is_current", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "section", "field_key"], condition=Q(is_current=True),
                                    name="intake_answer_one_current"),
        ]
        indexes = [models.Index(fields=["authority", "person", "section"])]

    def __str__(self) -> str:
        return f"{self.section}.{self.field_key}"  # never the value


class ServiceKind(models.TextChoices):
    SCHOOL_PLACEMENT = "school_placement", _("School placement")
    TRANSPORT = "transport", _("Transport")
    SPECIAL_EDUCATION = "special_education", _("Special-education placement")
    WELFARE_CASE = "welfare_case", _("Welfare case")
    HEALTH_FOLLOW_UP = "health_follow_up", _("Health follow-up")
    HOUSING = "housing", _("Housing")


# The section whose owner department owns a new service of each kind.
SERVICE_SECTION = {
    ServiceKind.SCHOOL_PLACEMENT: SectionKey.EDUCATION,
    ServiceKind.TRANSPORT: SectionKey.TRANSPORT,
    ServiceKind.SPECIAL_EDUCATION: SectionKey.SPECIAL_EDUCATION,
    ServiceKind.WELFARE_CASE: SectionKey.WELFARE,
    ServiceKind.HEALTH_FOLLOW_UP: SectionKey.HEALTH,
    ServiceKind.HOUSING: SectionKey.HOUSING,
}


class LongTermService(models.Model):
    """A service an evacuee receives over time, owned by one department, tracked until it is closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING)

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("service"), max_length=30, choices=ServiceKind.choices)
    section = models.CharField(max_length=30, choices=SectionKey.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The last time anyone changed it; a service open and unchanged for STALLED_DAYS is stalled.
    last_update_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["LongTermService"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("long-term service")
        verbose_name_plural = _("long-term services")
        ordering = ["last_update_at", "id"]
        indexes = [
            models.Index(fields=["authority", "section", "status", "last_update_at"]),
            models.Index(fields=["authority", "status", "last_update_at"]),
            models.Index(fields=["authority", "person"]),
            # The worklist's default (the open services, the longest without an update first) read in order:
            # without it every request sorted all the authority's open services to show fifty.
            models.Index(fields=["authority", "last_update_at", "id"], name="intake_service_open_worklist",
                         condition=Q(status__in=["open", "in_progress", "waiting"])),
        ]

    def __str__(self) -> str:
        return str(_("Service %(number)s") % {"number": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class IntakeSettings(models.Model):
    """When the emergency ended and how long personal data is kept after it."""

    authority = models.OneToOneField("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    emergency_ended_on = models.DateField(_("the emergency ended on"), null=True, blank=True)
    retention_months = models.PositiveIntegerField(_("retention period (months)"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["IntakeSettings"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("intake settings")
        verbose_name_plural = _("intake settings")

    def __str__(self) -> str:
        return str(_("Retention of personal data"))


class ImportBatch(models.Model):
    """An uploaded evacuee list between its upload, its check by the worker, its preview and its
    application. The rows are personal data: they are emptied once applied, and purged after a day."""

    class Status(models.TextChoices):
        READING = "reading", _("Being read")
        CHECKING = "checking", _("Being checked")
        READY = "ready", _("Ready to import")
        FAILED = "failed", _("Could not be read")
        APPLYING = "applying", _("Being imported")
        APPLIED = "applied", _("Imported")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READING)
    upload = models.BinaryField(null=True, blank=True, editable=False)
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    rows = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    # [{"line": n, "errors": [[code, params], ...]}], the first MAX_REPORTED of them.
    bad_rows = models.JSONField(default=list, blank=True)
    bad_count = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager["ImportBatch"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("evacuee list upload")
        verbose_name_plural = _("evacuee list uploads")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["authority", "-created_at"])]

    def __str__(self) -> str:
        return str(_("Import %(number)s") % {"number": self.pk})

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
