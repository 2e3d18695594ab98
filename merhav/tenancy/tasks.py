"""Background tasks of the tenancy app: invitation emails, reading uploaded people sheets and the purge
of unconfirmed imports."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from merhav.core.spreadsheets import SpreadsheetError
from merhav.core.tasks import retrying_task
from merhav.core.text import one_line

from .models import Invitation, PeopleImport
from .people_import import read_sheet

# An uploaded people sheet that was not confirmed within this many hours is deleted (personal data).
PEOPLE_IMPORT_HOURS = 24


def invitation_language(invitation: Invitation) -> str:
    """The inviter's language, else the platform's default (Hebrew)."""
    inviter = invitation.invited_by
    language = getattr(inviter, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@retrying_task(max_attempts=5, base_delay=60)
def send_invitation_email(*, invitation_id: int) -> str:
    with scopes_disabled():
        invitation = (
            Invitation.objects.select_related("authority", "department", "invited_by").filter(pk=invitation_id).first()
        )
    if invitation is None or not invitation.is_usable:
        return "skipped"
    with translation.override(invitation_language(invitation)):
        context = {
            "invitation": invitation,
            # Names as typed, each on one line and without bidi controls (the template does not escape).
            "authority_name": one_line(invitation.authority.name),
            "role": one_line(invitation.get_role_display()),
            "department": one_line(invitation.department.name) if invitation.department_id else "",
            "inviter": one_line(invitation.invited_by.full_name) if invitation.invited_by_id else "",
            "link": settings.MERHAV_SITE_URL + reverse("accounts:accept_invitation", kwargs={"token": invitation.token}),
            "expires_at": invitation.expires_at,
        }
        # The subject is generic on purpose: no personal data in subjects.
        subject = render_to_string("tenancy/email/invitation_subject.txt", context).strip()
        text = render_to_string("tenancy/email/invitation.txt", context)
    EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email]).send()
    with scopes_disabled():
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return "sent"


@retrying_task(max_attempts=3, base_delay=30)
def check_people_import(*, people_import_id: int) -> str:
    """Read an uploaded people sheet (within the bounds of merhav.core.spreadsheets) so that the page can
    preview it: keep its raw rows, or why it cannot be read. The file itself is not kept either way."""
    with transaction.atomic(), scopes_disabled():
        stored = (PeopleImport.objects.select_for_update()
                  .filter(pk=people_import_id, status=PeopleImport.Status.CHECKING).first())
        if stored is None:
            return "skipped"  # purged, or read already
        try:
            stored.rows = read_sheet(bytes(stored.upload or b""))
        except SpreadsheetError as error:
            stored.status = PeopleImport.Status.FAILED
            stored.error_code, stored.error_params = error.code, error.params
        else:
            stored.status = PeopleImport.Status.READY
        stored.upload = None
        stored.save(update_fields=["rows", "status", "error_code", "error_params", "upload"])
    return stored.status


@retrying_task(max_attempts=3, base_delay=60)
def purge_people_imports() -> int:
    """Delete uploaded people sheets older than PEOPLE_IMPORT_HOURS (applied ones were emptied already)."""
    cutoff = timezone.now() - timedelta(hours=PEOPLE_IMPORT_HOURS)
    with scopes_disabled():
        deleted, _ = PeopleImport.objects.filter(created_at__lt=cutoff).delete()
    return deleted
