"""The email of a notification, sent by the worker: at most once per delivery, even when the task runs twice.

The worker runs a task at least once (a task whose worker died is reclaimed, merhav.core.worker). So the
delivery row is claimed first, in one conditional UPDATE, by this task run (its result id): a second copy
of the task finds it taken and sends nothing, and the same run, reclaimed after its worker died, takes it
over. The one window left is a worker killed after the mail server accepted the message and before the
row says SENT: the message is then sent again with the same Message-ID, by which mail clients drop the
copy. EMAIL_TIMEOUT bounds every SMTP call, so a silent server fails the attempt (retried with back-off)
instead of holding the worker.
"""

from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from merhav.core.tasks import retrying_task
from merhav.core.text import clean_text, one_line

from .messages import rendered
from .models import EmailDelivery


def message_id(delivery: EmailDelivery) -> str:
    host = urlsplit(settings.MERHAV_SITE_URL).hostname or "merhav"
    return f"<merhav.notification.{delivery.notification_id}@{host}>"


def attachment_part(delivery: EmailDelivery) -> MIMEBase:
    """The delivery's file as a MIME part. A calendar keeps its METHOD parameter (REQUEST, CANCEL), by which
    mail clients show it as an invitation to accept, or as a cancellation, rather than a plain file."""
    main, _slash, rest = (delivery.attachment_type or "application/octet-stream").partition("/")
    subtype, *params = [part.strip() for part in rest.split(";")]
    if main == "text":
        part: MIMEBase = MIMEText(delivery.attachment, subtype, "utf-8")
    else:
        part = MIMEApplication(delivery.attachment.encode(), subtype)
    for param in params:
        key, _eq, value = param.partition("=")
        if key.lower() != "charset":
            part.set_param(key, value)
    part.add_header("Content-Disposition", "attachment", filename=delivery.attachment_name)
    return part


@retrying_task(max_attempts=5, base_delay=60, takes_context=True)
def send_notification_email(context, *, notification_id: int) -> str:
    run_id = str(context.task_result.id)
    deliveries = EmailDelivery.objects.filter(notification_id=notification_id)
    claimed = deliveries.filter(
        Q(status__in=[EmailDelivery.Status.QUEUED, EmailDelivery.Status.FAILED])
        | Q(status=EmailDelivery.Status.SENDING, sending_task=run_id)
    ).update(status=EmailDelivery.Status.SENDING, sending_task=run_id, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"  # sent already, or being sent by another run of this task
    mine = deliveries.filter(sending_task=run_id)
    delivery = EmailDelivery.objects.select_related("notification__recipient").get(notification_id=notification_id)
    notification = delivery.notification
    recipient = notification.recipient
    try:
        with translation.override(recipient.language or "he"):
            title, body = rendered(notification)  # in the recipient's language as it is now
            template_context = {
                "notification": notification,
                "title": one_line(title),
                "body": clean_text(body),
                "link": settings.MERHAV_SITE_URL + notification.url if notification.url else "",
                "inbox": settings.MERHAV_SITE_URL + "/notifications/",
            }
            # The subject names what the message is about (the notification's title, which never carries a
            # resident's personal details).
            subject = render_to_string("notify/email/subject.txt", template_context).strip()
            text = render_to_string("notify/email/notification.txt", template_context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email],
                                         headers={"Message-ID": message_id(delivery)})
        if delivery.attachment_name:
            message.attach(attachment_part(delivery))
        message.send()
    except Exception as error:
        mine.update(status=EmailDelivery.Status.FAILED, sending_task="", last_error=type(error).__name__[:300])
        raise
    mine.update(status=EmailDelivery.Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"
