import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_national_admin", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who logs in with an email address."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="he")
    is_national_admin = models.BooleanField(
        _("national admin"), default=False, help_text=_("Manages authorities and regions across the country.")
    )
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # Counts resets of the user's two-factor authentication; part of the key offered at enrolment, so that
    # after a reset even the same login session is offered a new key (merhav.accounts.services).
    two_factor_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        # Django admin (is_staff) is for national admins only.
        self.is_staff = self.is_national_admin or self.is_superuser
        # A new password (set_password, by any path: the reset link, the admin's password form,
        # `manage.py changepassword`) revokes the API tokens made under the old one. Django's own notion of
        # a change is used: a stronger hash of the same password at login (check_password's upgrade)
        # leaves _password empty and revokes nothing.
        password_replaced = self.pk is not None and self._password is not None
        super().save(*args, **kwargs)
        if password_replaced:
            ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(revoked_at=timezone.now())

    def ensure_calendar_token(self) -> str:
        """The secret of the personal calendar address, made on first use. Set only where still empty,
        so two requests (or a stale copy of the user) never replace an address already handed out."""
        if not self.calendar_token:
            type(self).objects.filter(models.Q(calendar_token__isnull=True) | models.Q(calendar_token=""), pk=self.pk).update(
                calendar_token=secrets.token_urlsafe(32)
            )
            self.calendar_token = type(self).objects.values_list("calendar_token", flat=True).get(pk=self.pk)
        return self.calendar_token

    def rotate_calendar_token(self) -> str:
        """A new calendar address; the old one stops working (when it was shared by mistake)."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        return self.calendar_token


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_expiry():
    """When a token made now stops working: API_TOKEN_DAYS from now."""
    return timezone.now() + timedelta(days=settings.MERHAV_API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A personal access token for the API. Only its hash is stored; the raw value is shown once."""

    PREFIX = "mrv_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), default=token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple["ApiToken", str]:
        """A new token; the raw value is returned once and only its hash is kept."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, token_hash=hash_token(raw), token_prefix=raw[:10])
        return token, raw
