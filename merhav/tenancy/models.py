import secrets
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from merhav.core.choices import label

from .roles import Role


class Region(models.Model):
    """A named group of authorities, for the regional network."""

    name_he = models.CharField(_("name (Hebrew)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name_he"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized_name(self)


def localized_name(obj) -> str:
    lang = (get_language() or "he")[:2]
    return getattr(obj, f"name_{lang}", "") or obj.name_he


class Authority(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("City")
        LOCAL_COUNCIL = "local_council", _("Local council")
        REGIONAL_COUNCIL = "regional_council", _("Regional council")

    class District(models.TextChoices):
        NORTH = "north", _("North")
        HAIFA = "haifa", _("Haifa")
        CENTRAL = "central", _("Central")
        TEL_AVIV = "tel_aviv", _("Tel Aviv")
        JERUSALEM = "jerusalem", _("Jerusalem")
        SOUTH = "south", _("South")
        JUDEA_SAMARIA = "judea_samaria", _("Judea and Samaria")

    name_he = models.CharField(_("name (Hebrew)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Short Latin name used in addresses, e.g. ein-or.")
    )
    code = models.CharField(
        _("authority code"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^\d{1,10}$", _("The authority code is digits only."))],
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    district = models.CharField(_("district"), max_length=20, choices=District.choices, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="authorities"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name_he"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized_name(self)


class StandardDepartment(models.TextChoices):
    CEO_OFFICE = "ceo_office", _("CEO office")
    EDUCATION = "education", _("Education")
    WELFARE = "welfare", _("Welfare")
    HEALTH = "health", _("Health")
    ENGINEERING = "engineering", _("Engineering")
    PUBLIC_INFORMATION = "public_information", _("Public information and spokesperson")
    SANITATION = "sanitation", _("Sanitation")
    SECURITY = "security", _("Security and emergency")
    FINANCE = "finance", _("Finance")
    IT = "it", _("Information technology")
    PARTNERSHIPS = "partnerships", _("Partnerships and community")
    HOTLINE = "hotline", _("Municipal hotline (106)")
    OTHER = "other", _("Other")


class Department(models.Model):
    """A department of one authority. Seeded from the standard list; each authority renames and extends it."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="departments")
    kind = models.CharField(_("kind"), max_length=30, choices=StandardDepartment.choices, default=StandardDepartment.OTHER)
    custom_name = models.CharField(
        _("name"), max_length=150, blank=True,
        help_text=_("Leave empty to use the standard name, shown in each user's language."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects: ClassVar[models.Manager["Department"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["kind", "custom_name"]
        indexes = [models.Index(fields=["authority", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The authority's own name for the department, or the standard one in the user's language."""
        return self.custom_name or label(StandardDepartment, self.kind)  # get_kind_display(), cheaply


class Membership(models.Model):
    """A user's role in one authority, optionally tied to a department."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.STAFF)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    title = models.CharField(_("job title"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects: ClassVar[models.Manager["Membership"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["authority", "user"], name="membership_unique_user_per_authority"),
        ]
        indexes = [models.Index(fields=["authority", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.MERHAV_INVITATION_DAYS)


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An emailed invitation to join an authority with a role. The link expires."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.STAFF)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL
    )
    title = models.CharField(_("job title"), max_length=150, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager["Invitation"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["authority", "email"])]

    def __str__(self) -> str:
        return self.email

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.is_pending and not self.is_expired


class PeopleImport(models.Model):
    """An uploaded people sheet between its upload, its check by the worker, its preview and its
    confirmation.

    The raw cell values are kept here (never in the browser) under a random token, and checked again
    against the database when the admin confirms. Rows hold personal data: they are emptied when the
    import is applied, and unapplied imports are purged after PEOPLE_IMPORT_HOURS.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        READY = "ready", _("Ready to apply")
        FAILED = "failed", _("Could not be read")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=200, blank=True)
    # The uploaded file until the worker has read it (then emptied): parsing never runs in a web process.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    upload = models.BinaryField(null=True, blank=True, editable=False)
    # Why the file could not be read: a SpreadsheetError's code and parameters, worded when shown.
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    rows = models.JSONField(default=list, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    invited_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)

    objects: ClassVar[models.Manager["PeopleImport"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name or self.token[:8]
