"""Partnerships and community resources (model 2 of DOMAIN.md; seed 001 and stage 3 of seed 004).

The partnerships manager maps the authority's partners (organisations, businesses, public bodies,
academia, informal communities), the resources they and the departments hold (the seed's three families:
human capital; relationships and communication; physical and financial), the needs of neighbourhoods and
population groups, and the existing responses (מענים). A resource is allocated to a need; the sum of a
resource's allocations never exceeds its capacity (`Resource.allocated` is kept under the resource's row
lock, and a check constraint holds it to the capacity as a second guard).

Every row here belongs to one authority and has a scoped manager, except the regional network's posts and
replies: those are shared across the authorities of one region on purpose, and are read only through
selectors.network, which filters by the reader's region and by what was explicitly shared.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Category(models.TextChoices):
    """What a need is about, and which needs a resource or a response can answer (the issue's list)."""

    FOOD = "food", _("Food")
    SHELTER = "shelter", _("Shelter and housing")
    HEALTH = "health", _("Health")
    PSYCHOSOCIAL = "psychosocial", _("Psycho-social support")
    EDUCATION = "education", _("Education")
    TRANSPORT = "transport", _("Transport")
    ELDERLY = "elderly", _("Elderly people")
    DISABILITIES = "disabilities", _("People with disabilities")
    INFORMATION = "information", _("Information")
    OTHER = "other", _("Other")


class Availability(models.TextChoices):
    ROUTINE = "routine", _("Routine only")
    EMERGENCY = "emergency", _("Emergency only")
    BOTH = "both", _("Routine and emergency")


class Stamped(models.Model):
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Neighbourhood(models.Model):
    """A neighbourhood or locality of the authority: needs, resources and gaps are mapped by it."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)

    objects: ClassVar[models.Manager[Neighbourhood]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="resources_neighbourhood_unique")]

    def __str__(self) -> str:
        return self.name


class Partner(Stamped):
    """An organisation or community the authority works with, keeping its own added value and identity."""

    class Kind(models.TextChoices):
        AMUTA = "amuta", _("Registered non-profit (amuta)")
        COMPANY = "company", _("Company or business")
        PUBLIC_BODY = "public_body", _("Public body")
        ACADEMIA = "academia", _("Academia")
        PARENT_COMMITTEE = "parent_committee", _("Parent committee")
        BUILDING_COMMITTEE = "building_committee", _("Building committee")
        SYNAGOGUE = "synagogue", _("Synagogue community")
        YOUTH_MOVEMENT = "youth_movement", _("Youth movement")
        RESIDENTS_GROUP = "residents_group", _("Residents' group")
        VOLUNTEER_GROUP = "volunteer_group", _("Volunteer group")

    SECTORS = {
        "civil_society": (Kind.AMUTA,),
        "business": (Kind.COMPANY,),
        "public": (Kind.PUBLIC_BODY,),
        "academia": (Kind.ACADEMIA,),
        "informal": (Kind.PARENT_COMMITTEE, Kind.BUILDING_COMMITTEE, Kind.SYNAGOGUE, Kind.YOUTH_MOVEMENT,
                     Kind.RESIDENTS_GROUP, Kind.VOLUNTEER_GROUP),
    }

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    registration_number = models.CharField(_("registration number"), max_length=9, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    fields_of_activity = models.CharField(_("fields of activity"), max_length=300, blank=True)
    populations_served = models.CharField(_("populations served"), max_length=300, blank=True)
    neighbourhoods = models.ManyToManyField(Neighbourhood, verbose_name=_("neighbourhoods served"), blank=True,
                                            related_name="+")
    added_value = models.TextField(_("added value and identity"), blank=True)

    objects: ClassVar[models.Manager[Partner]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["authority", "name"]),
            models.Index(fields=["authority", "kind"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="resources_partner_name_unique"),
            models.UniqueConstraint(fields=["authority", "registration_number"], name="resources_partner_reg_unique",
                                    condition=~Q(registration_number="")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_informal(self) -> bool:
        return self.kind in self.SECTORS["informal"]


class PartnerContact(models.Model):
    """A contact person of a partner (personal data: reads are audited)."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(_("full name"), max_length=200)
    role_title = models.CharField(_("role"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)

    objects: ClassVar[models.Manager[PartnerContact]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["authority", "partner"])]

    def __str__(self) -> str:
        return self.full_name


class Agreement(models.Model):
    """An agreement with a partner: its date, status and where the signed document is kept."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        SIGNED = "signed", _("Signed")
        EXPIRED = "expired", _("Expired")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    document = models.CharField(_("document"), max_length=300, blank=True,
                                help_text=_("Where the signed document is kept (a file name or a link)."))

    objects: ClassVar[models.Manager[Agreement]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "id"]
        indexes = [models.Index(fields=["authority", "partner"])]

    def __str__(self) -> str:
        return self.title


class Resource(Stamped):
    """Something a partner or a department can put to the community's needs, with its capacity."""

    class Family(models.TextChoices):
        HUMAN = "human", _("Human capital")
        RELATIONS = "relations", _("Relationships and communication")
        PHYSICAL = "physical", _("Physical and financial")

    class Kind(models.TextChoices):
        PROFESSIONAL_STAFF = "professional_staff", _("Professional staff")
        CONVERTIBLE_SKILLS = "convertible_skills", _("Skills convertible to new needs")
        VOLUNTEERS = "volunteers", _("Volunteers and activists")
        INFORMATION_NETWORK = "information_network", _("Network for spreading information")
        EMERGENCY_CHANNEL = "emergency_channel", _("Emergency communication channel")
        COOPERATION = "cooperation", _("Cooperation between bodies")
        INFRASTRUCTURE = "infrastructure", _("Physical infrastructure")
        PROTECTED_SPACE = "protected_space", _("Protected space")
        FUNDING = "funding", _("Funding and support source")

    FAMILY_OF = {
        Kind.PROFESSIONAL_STAFF: Family.HUMAN, Kind.CONVERTIBLE_SKILLS: Family.HUMAN, Kind.VOLUNTEERS: Family.HUMAN,
        Kind.INFORMATION_NETWORK: Family.RELATIONS, Kind.EMERGENCY_CHANNEL: Family.RELATIONS,
        Kind.COOPERATION: Family.RELATIONS,
        Kind.INFRASTRUCTURE: Family.PHYSICAL, Kind.PROTECTED_SPACE: Family.PHYSICAL, Kind.FUNDING: Family.PHYSICAL,
    }

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    family = models.CharField(_("family"), max_length=20, choices=Family.choices, editable=False)
    category = models.CharField(_("needs it answers"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("How much of it can be allocated to needs."))
    allocated = models.PositiveIntegerField(default=0, editable=False)
    accessible = models.BooleanField(_("accessible to people with disabilities"), default=False)
    availability = models.CharField(_("availability"), max_length=20, choices=Availability.choices,
                                    default=Availability.BOTH)
    hours = models.CharField(_("hours"), max_length=100, blank=True)
    neighbourhood = models.ForeignKey(Neighbourhood, verbose_name=_("neighbourhood"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    address = models.CharField(_("address"), max_length=200, blank=True)
    partner = models.ForeignKey(Partner, verbose_name=_("held by partner"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="resources")
    department = models.ForeignKey("tenancy.Department", verbose_name=_("held by department"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_on = models.DateField(_("last verified"), default=timezone.localdate)

    objects: ClassVar[models.Manager[Resource]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["authority", "category", "availability"]),
            models.Index(fields=["authority", "name"]),
            models.Index(fields=["authority", "verified_on"]),
            models.Index(fields=["authority", "partner"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(allocated__lte=F("capacity")), name="resources_resource_within_capacity"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def remaining(self) -> int:
        return max(0, self.capacity - self.allocated)

    def is_stale(self, stale_after_days: int, today: date | None = None) -> bool:
        return self.verified_on < (today or timezone.localdate()) - timedelta(days=stale_after_days)


class Need(Stamped):
    """A need of a neighbourhood or a population group, and how much of it is covered by allocations."""

    class Urgency(models.IntegerChoices):
        CRITICAL = 1, _("Critical")
        HIGH = 2, _("High")
        MEDIUM = 3, _("Medium")
        LOW = 4, _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PARTLY = "partly", _("Partly covered")
        COVERED = "covered", _("Covered")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    neighbourhood = models.ForeignKey(Neighbourhood, verbose_name=_("neighbourhood"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    population_group = models.CharField(_("population group"), max_length=150, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices, default=Urgency.MEDIUM)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    covered = models.PositiveIntegerField(default=0, editable=False)
    source = models.CharField(_("source"), max_length=150, blank=True,
                              help_text=_("Who reported the need (a department, a partner, a survey)."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    emergency = models.CharField(_("linked emergency"), max_length=150, blank=True,
                                 help_text=_("The emergency it arose in, when one is active."))
    description = models.TextField(_("description"), blank=True)

    objects: ClassVar[models.Manager[Need]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["urgency", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "status", "urgency"]),
            models.Index(fields=["authority", "category", "neighbourhood"]),
            models.Index(fields=["authority", "title"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def uncovered(self) -> int:
        return max(0, self.quantity - self.covered)


def need_status(*, quantity: int, covered: int, closed: bool = False) -> str:
    """A need's status from how much of it is covered (closed stays closed)."""
    if closed:
        return Need.Status.CLOSED
    if covered >= quantity:
        return Need.Status.COVERED
    return Need.Status.PARTLY if covered else Need.Status.OPEN


class Response(Stamped):
    """An existing service (מענה) that answers needs: by whom, for whom, with what capacity."""

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    partner = models.ForeignKey(Partner, verbose_name=_("given by partner"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="responses")
    department = models.ForeignKey("tenancy.Department", verbose_name=_("given by department"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    for_whom = models.CharField(_("for whom"), max_length=200, blank=True)
    neighbourhood = models.ForeignKey(Neighbourhood, verbose_name=_("neighbourhood"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    description = models.TextField(_("description"), blank=True)

    objects: ClassVar[models.Manager[Response]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["authority", "category", "neighbourhood"])]

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """Part of a resource's capacity given to a need. Released allocations stay, with their release time."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="allocations")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="allocations")
    quantity = models.PositiveIntegerField(_("quantity"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[Allocation]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["authority", "need"]), models.Index(fields=["authority", "resource"])]

    def __str__(self) -> str:
        return f"{self.resource_id} → {self.need_id}: {self.quantity}"


class GapNote(models.Model):
    """The manager's own words on one gap of the gap document (a category, in a neighbourhood or overall)."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    neighbourhood = models.ForeignKey(Neighbourhood, null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="+")
    text = models.TextField(_("what we will do about it"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager[GapNote]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("gap note")
        verbose_name_plural = _("gap notes")
        indexes = [models.Index(fields=["authority", "category"])]
        constraints = [
            models.UniqueConstraint(fields=["authority", "category", "neighbourhood"], name="resources_gapnote_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.neighbourhood_id}"


class GapSnapshot(models.Model):
    """The gap document as it stood at one moment, kept so that two moments can be compared."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(_("label"), max_length=150, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # [{"category", "neighbourhood", "desired", "current", "responses", "text"}]
    rows = models.JSONField(default=list)

    objects: ClassVar[models.Manager[GapSnapshot]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("gap document snapshot")
        verbose_name_plural = _("gap document snapshots")
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["authority", "-taken_at"])]

    def __str__(self) -> str:
        return self.label or str(self.taken_at)


class Settings(models.Model):
    """The module's settings for one authority."""

    authority = models.OneToOneField("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    stale_after_days = models.PositiveIntegerField(
        _("a resource is stale after (days)"), default=180,
        help_text=_("A resource not verified for this many days is shown as stale."))
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager[Settings]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("resources settings")
        verbose_name_plural = _("resources settings")

    def __str__(self) -> str:
        return str(self.authority_id)


class PublicLink(models.Model):
    """A secret link to the public list of open needs (for philanthropic bodies); revoked, it is a 404."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[PublicLink]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("public needs link")
        verbose_name_plural = _("public needs links")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["authority", "-created_at"])]

    def __str__(self) -> str:
        return self.token[:6]


class ForumMember(models.Model):
    """A member of the authority's cross-sector forum: a partner or a department."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("partner"))
    department = models.ForeignKey("tenancy.Department", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+", verbose_name=_("department"))
    role_note = models.CharField(_("role in the forum"), max_length=150, blank=True)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    objects: ClassVar[models.Manager[ForumMember]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        ordering = ["joined_on", "id"]
        indexes = [models.Index(fields=["authority", "joined_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(partner__isnull=False) | Q(department__isnull=False),
                                   name="resources_forummember_partner_or_department"),
        ]

    def __str__(self) -> str:
        return str(self.partner_id or self.department_id)


class ForumMeeting(models.Model):
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects: ClassVar[models.Manager[ForumMeeting]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["authority", "-held_on"])]

    def __str__(self) -> str:
        return self.title


class ForumDecision(models.Model):
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(ForumMeeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)

    objects: ClassVar[models.Manager[ForumDecision]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("forum decision")
        verbose_name_plural = _("forum decisions")
        ordering = ["id"]
        indexes = [models.Index(fields=["authority", "meeting"])]

    def __str__(self) -> str:
        return self.text[:50]


class SharedPost(models.Model):
    """An offer of a resource or a request for help, shared by one authority with its region's network.

    Not scoped to one authority: the authorities of the region read it, through selectors.network only."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer of a resource")
        REQUEST = "request", _("Request for help")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("tenancy.Region", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[SharedPost]] = models.Manager()

    class Meta:
        verbose_name = _("shared post")
        verbose_name_plural = _("shared posts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "status", "-created_at"]), models.Index(fields=["authority"])]

    def __str__(self) -> str:
        return self.title


class NetworkReply(models.Model):
    """Another authority's answer to a shared post; the post's authority accepts or declines it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    post = models.ForeignKey(SharedPost, on_delete=models.CASCADE, related_name="replies")
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"))
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[NetworkReply]] = models.Manager()

    class Meta:
        verbose_name = _("network reply")
        verbose_name_plural = _("network replies")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "created_at"])]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.status}"


class ResourceImport(models.Model):
    """An uploaded sheet of partners, resources or needs between upload, mapping, check and apply.

    The worker reads the file (then empties `upload`), checks the mapped rows and, once confirmed, applies
    them in one transaction; `done`/`total` drive the progress bar."""

    class Target(models.TextChoices):
        PARTNERS = "partners", _("Partners")
        RESOURCES = "resources", _("Resources")
        NEEDS = "needs", _("Needs")

    class Status(models.TextChoices):
        READING = "reading", _("Being read")
        MAPPING = "mapping", _("Waiting for the column mapping")
        CHECKING = "checking", _("Being checked")
        READY = "ready", _("Ready to apply")
        APPLYING = "applying", _("Being applied")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Could not be read")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    target = models.CharField(max_length=20, choices=Target.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READING)
    upload = models.BinaryField(null=True, blank=True, editable=False)
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    headers = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)  # [[line, [cell, ...]], ...]
    mapping = models.JSONField(default=dict, blank=True)  # field -> column index
    problems = models.JSONField(default=list, blank=True)  # [[line, [[code, params], ...]], ...]
    counts = models.JSONField(default=dict, blank=True)  # {"create": n, "update": n, "unchanged": n}
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[ResourceImport]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("resources import")
        verbose_name_plural = _("resources imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["authority", "-created_at"])]

    def __str__(self) -> str:
        return self.file_name or self.token[:8]

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
