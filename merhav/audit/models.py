from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogError("Audit entries are append-only.")

    def delete(self):
        raise AuditLogError("Audit entries are append-only; use purge_audit_log for retention.")

    def purge_older_than(self, cutoff) -> int:
        """The only way entries leave the log: retention, by the purge_audit_log command."""
        deleted, _by_model = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted


class AuditEntry(models.Model):
    """One append-only line of who did what. Field names only, never values.

    A refused action (DENIED) keeps what was attempted in `fields`: "perm:<permission>" and
    "page:<method> <path>" (paths carry ids, never personal data)."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        VIEW_PERSONAL = "view_personal", _("View of a personal record")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        EXPORT = "export", _("Export")
        PRINT = "print", _("Print view")
        PERMISSION_CHANGE = "permission_change", _("Permission change")
        DENIED = "denied", _("Refused action")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    authority = models.ForeignKey(
        "tenancy.Authority", verbose_name=_("authority"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    # The records a read showed (VIEW_PERSONAL): their ids, of object_type.
    object_ids = models.JSONField(_("records shown"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(max_length=32, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["authority", "-at"]), models.Index(fields=["authority", "action", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogError("Audit entries are append-only.")
