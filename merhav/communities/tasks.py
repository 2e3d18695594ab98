"""Background work of learning communities: the email to an applicant who has no account (an applicant
with an account gets an inbox entry and its email through merhav.notify instead)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from merhav.core.tasks import retrying_task


@retrying_task(max_attempts=5, base_delay=60)
def email_applicant(*, application_id: int, what: str) -> str:
    from .models import Application

    with scopes_disabled():  # a task runs outside any request: the application names its community
        application = Application.objects.select_related("community").filter(pk=application_id).first()
    if application is None:
        return "gone"
    with translation.override("he"):
        if what == "interview" and application.interview_at:
            when = timezone.localtime(application.interview_at).strftime("%d.%m.%Y %H:%M")
            body = _("An interview for the learning community %(name)s was set for %(when)s.") % {
                "name": application.community.name, "when": when}
        else:
            body = application.decision_message
        # The subject is generic on purpose: no personal data in subjects.
        subject = _("Your application to a learning community")
    EmailMessage(subject=subject, body=body, to=[application.email],
                 from_email=settings.DEFAULT_FROM_EMAIL).send()
    return "sent"
