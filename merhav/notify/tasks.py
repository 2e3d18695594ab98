"""The email of a notification, sent by the worker: at most once per delivery, even when the task runs twice.

The worker runs a task at least once (a task whose worker died is reclaimed, merhav.core.worker). So the
delivery row is claimed first, in one conditional UPDATE, by this task run (its result id): a second copy
of the task finds it taken and sends nothing, and the same run, reclaimed after its worker died, takes it
over. The one window left is a worker killed after the mail server accepted the message and before the
row says SENT: the message is then sent again with the same Message-ID, by which mail clients drop the
copy. EMAIL_TIMEOUT bounds every SMTP call, so a silent server fails the attempt (retried with back-off)
instead of holding the worker.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from merhav.core.tasks import retrying_task
from merhav.core.text import clean_text, one_line

from .models import EmailDelivery


def message_id(delivery: EmailDelivery) -> str:
    host = urlsplit(settings.MERHAV_SITE_URL).hostname or "merhav"
    return f"<merhav.notification.{delivery.notification_id}@{host}>"


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
            template_context = {
                "notification": notification,
                "title": one_line(notification.title),
                "body": clean_text(notification.body),
                "link": settings.MERHAV_SITE_URL + notification.url if notification.url else "",
                "inbox": settings.MERHAV_SITE_URL + "/notifications/",
            }
            # The subject is generic on purpose: no personal data in subjects.
            subject = render_to_string("notify/email/subject.txt", template_context).strip()
            text = render_to_string("notify/email/notification.txt", template_context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email],
                                         headers={"Message-ID": message_id(delivery)})
        message.send()
    except Exception as error:
        mine.update(status=EmailDelivery.Status.FAILED, sending_task="", last_error=type(error).__name__[:300])
        raise
    mine.update(status=EmailDelivery.Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"
