
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from merhav.core.tasks import retrying_task
from merhav.core.text import clean_text, one_line

from .models import EmailDelivery


@retrying_task(max_attempts=5, base_delay=60)
def send_notification_email(*, notification_id: int) -> str:
    delivery = EmailDelivery.objects.select_related("notification__recipient").filter(notification_id=notification_id).first()
    if delivery is None or delivery.status == EmailDelivery.Status.SENT:
        return "skipped"
    EmailDelivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    notification = delivery.notification
    recipient = notification.recipient
    try:
        with translation.override(recipient.language or "he"):
            context = {
                "notification": notification,
                "title": one_line(notification.title),
                "body": clean_text(notification.body),
                "link": settings.MERHAV_SITE_URL + notification.url if notification.url else "",
                "inbox": settings.MERHAV_SITE_URL + "/notifications/",
            }
            # The subject is generic on purpose: no personal data in subjects.
            subject = render_to_string("notify/email/subject.txt", context).strip()
            text = render_to_string("notify/email/notification.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email])
        message.send()
    except Exception as error:
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            status=EmailDelivery.Status.FAILED, last_error=type(error).__name__[:300]
        )
        raise
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=EmailDelivery.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


