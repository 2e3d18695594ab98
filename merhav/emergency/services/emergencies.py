"""Emergency mode: declare, keep the event log, end (back to routine, and an event to learn from)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import lock_current

# The one arrow to another module (.importlinter): an emergency that ends becomes an event to learn from.
from merhav.lessons.services.events import create_event_from_emergency
from merhav.lessons.services.reviews import proposed_meeting_date
from merhav.notify.services import send_notification
from merhav.tenancy.models import Authority

from ..models import Emergency, EmergencyKind, LogEntry
from ..people import EMERGENCY_ROLES, members_with, page


def _clean_text(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _neighbourhoods(value: str | list[str] | None) -> str:
    items = value if isinstance(value, list) else (value or "").split(",")
    return ", ".join(dict.fromkeys(item.strip() for item in items if item and item.strip()))[:500]


def count_on(emergency_id: int, *fields: str) -> None:
    """Count rows added to an emergency (its log, its decisions, its issued messages): one UPDATE."""
    Emergency.objects.filter(pk=emergency_id).update(**{name: F(name) + 1 for name in fields})


def system_entry(emergency: Emergency, text: str) -> LogEntry:
    """An entry the system writes in the log (declared, ended, a message issued)."""
    entry = LogEntry.objects.create(
        authority_id=emergency.authority_id, emergency=emergency, kind=LogEntry.Kind.SYSTEM, text=text,
        created_by=context.current_user(),
    )
    count_on(emergency.pk, "log_entries_count")
    return entry


def declare_emergency(
    *,
    authority: Authority,
    kind: str,
    title: str,
    neighbourhoods: str | list[str] = "",
    description: str = "",
    started_at: datetime | None = None,
) -> Emergency:
    """Switch the authority into emergency mode. A second emergency of the same kind while one is active
    is refused; the people who run an emergency are told (inbox and email)."""
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the emergency a title.")
    if kind not in EmergencyKind.values:
        errors["kind"] = _("Choose the kind of emergency.")
    started_at = started_at or timezone.now()
    if started_at > timezone.now() + timedelta(minutes=5):
        errors["started_at"] = _("The start time cannot be in the future.")
    user = context.current_user()
    with transaction.atomic(), scope(authority=authority):
        if not errors and Emergency.objects.filter(authority=authority, kind=kind, ended_at__isnull=True).exists():
            errors["kind"] = _("An emergency of this kind is already active. End it before declaring another.")
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                emergency = Emergency.objects.create(
                    authority=authority, kind=kind, title=title[:200], neighbourhoods=_neighbourhoods(neighbourhoods),
                    description=_clean_text(description), started_at=started_at, declared_by=user,
                )
        except IntegrityError:  # declared by someone else a moment ago (emergency_one_active_per_kind)
            raise ValidationError({"kind": _(
                "An emergency of this kind is already active. End it before declaring another.")}) from None
        system_entry(emergency, "declared")
        record(action=Action.CREATE, obj=emergency, fields=["kind", "title", "neighbourhoods", "started_at"])
        url = page(authority.slug, "index")
        title_text = emergency.title
        for person in members_with(authority.pk, EMERGENCY_ROLES):
            send_notification(
                recipient=person, kind="emergency.declared", authority=authority, url=url,
                title=gettext_lazy("An emergency was declared"),
                body=lambda: _("The authority is in emergency mode: %(title)s.") % {"title": title_text},
                dedupe_key=f"emergency:{emergency.pk}:declared:{person.pk}",
            )
    return emergency


def add_log_entry(*, emergency: Emergency, kind: str, text: str) -> LogEntry:
    """Append an entry to the event log. Entries are never edited or deleted; the log closes when the
    emergency ends."""
    text = _clean_text(text)
    errors = {}
    if not text:
        errors["text"] = _("Write what happened, was decided or was reported.")
    if kind not in (LogEntry.Kind.ENTRY, LogEntry.Kind.DECISION, LogEntry.Kind.REPORT):
        errors["kind"] = _("Choose the kind of entry.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scope(authority=emergency.authority_id):
        current: Emergency = lock_current(Emergency.objects, version=None, pk=emergency.pk)
        if not current.is_active:
            raise ValidationError({"text": _("This emergency has ended: its event log is closed.")})
        entry = LogEntry.objects.create(
            authority_id=current.authority_id, emergency=current, kind=kind, text=text[:10000],
            created_by=context.current_user(),
        )
        count_on(current.pk, "log_entries_count", *(["decisions_count"] if kind == LogEntry.Kind.DECISION else []))
        record(action=Action.CREATE, obj=entry, fields=["kind", "text"])
    return entry


def end_emergency(*, emergency: Emergency, version: int | None) -> Emergency:
    """Return the authority to routine: the emergency ends, the lessons-learned event is created for it
    (merhav.lessons, idempotent on the emergency) with a review meeting proposed 2 days later, and the
    people who ran it are told."""
    with transaction.atomic(), scope(authority=emergency.authority_id):
        current: Emergency = lock_current(Emergency.objects.select_related("authority"), version=version,
                                          pk=emergency.pk)
        if not current.is_active:
            raise ValidationError({"version": _("This emergency has already ended.")})
        now = timezone.now()
        description = current.description
        if current.neighbourhoods:
            description = f"{current.neighbourhoods}\n\n{description}".strip()
        event = create_event_from_emergency(
            authority=current.authority_id,
            title=current.title,
            starts_on=timezone.localdate(current.started_at),
            ends_on=timezone.localdate(now),
            source_ref=f"emergency:{current.pk}",
            description=description,
        )
        review_on = proposed_meeting_date(event)
        Emergency.objects.filter(pk=current.pk).update(
            ended_at=now, ended_by=context.current_user(), lessons_event_id=event.pk, review_proposed_on=review_on,
            version=current.version + 1, updated_at=now,
        )
        current.refresh_from_db()
        system_entry(current, "ended")
        record(action=Action.UPDATE, obj=current, fields=["ended_at", "lessons_event_id", "review_proposed_on"])
        authority = current.authority
        title_text = current.title
        url = reverse("lessons:event_detail", kwargs={"authority_slug": authority.slug, "event_id": event.pk})
        for person in members_with(authority.pk, EMERGENCY_ROLES):
            send_notification(
                recipient=person, kind="emergency.ended", authority=authority, url=url,
                title=gettext_lazy("The emergency ended: back to routine"),
                body=lambda: _("%(title)s ended. A lessons-learned review is proposed for %(date)s.") % {
                    "title": title_text, "date": date_format(review_on, "SHORT_DATE_FORMAT")},
                dedupe_key=f"emergency:{current.pk}:ended:{person.pk}",
            )
    return current
