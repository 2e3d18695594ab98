from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message in a user's in-app inbox. Text is rendered in the recipient's language when created.

    The title names what the message is about ("New action: …", "Review meeting on 01.12"): it heads the
    inbox entry and is the email's subject, so it never carries a resident's personal details."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    authority = models.ForeignKey(
        "tenancy.Authority", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    # A message a module renders (merhav.core.modules: notification_messages): its key and parameters, so
    # that the inbox shows it in the reader's language of the moment; title and body are its rendering in
    # the recipient's language when it was created (what is shown when the key is unknown).
    message_key = models.CharField(max_length=80, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # A key that makes a reminder idempotent: the same reminder is never sent twice.
    dedupe_key = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_unique_dedupe_key",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EmailDelivery(models.Model):
    """The email side of a notification: sent by a background task, retried, visible when it fails."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="email")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The task run that is sending it now (status SENDING): only that run, or the same run reclaimed after its
    # worker died, may send; a second copy of the task finds it taken and sends nothing.
    sending_task = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # One file sent with the email, e.g. a meeting invitation (.ics): its name, MIME type and text.
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")

    def __str__(self) -> str:
        return f"{self.notification_id}: {self.status}"


class WorkerHeartbeat(models.Model):
    """Written by each worker process every loop; /healthz reads the freshest."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id
