"""Writes of events (something worth learning from): by hand, and automatically when an emergency ends.

create_event_from_emergency() is the interface the emergency module calls: idempotent on source_ref,
so a retried "emergency ended" task never creates a second event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core.rows import id_of
from merhav.core.versioning import apply_changes, lock_current
from merhav.tenancy.models import Authority, Department

from ..models import ActionItem, Event, EventKind
from .data_version import data_changed, figures_changed


def _authority_id(authority: Authority | int) -> int:
    return id_of(authority)


def _validate(*, authority_id: int, title: str, kind: str, starts_on: date | None, ends_on: date | None,
              departments: list[Department | int]) -> list[Department]:
    """Check the values of an event; return the departments as rows of the authority."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the event a title.")
    if kind not in EventKind.values:
        errors["kind"] = _("Choose the kind of event.")
    if starts_on is None:
        errors["starts_on"] = _("Enter the date the event started.")
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The end date cannot be before the start date.")
    wanted = {id_of(d) for d in departments}
    with scope(authority=authority_id):
        rows = list(Department.objects.filter(authority_id=authority_id, pk__in=wanted)) if wanted else []
    if len(rows) != len(wanted):
        errors["departments"] = _("Choose departments of this authority.")
    if errors:
        raise ValidationError(errors)
    return rows


def create_event(
    *,
    authority: Authority | int,
    title: str,
    kind: str,
    starts_on: date,
    ends_on: date | None = None,
    description: str = "",
    departments: Iterable[Department | int] = (),
    by: User | None = None,
    source: str = Event.Source.MANUAL,
    source_ref: str = "",
) -> Event:
    authority_id = _authority_id(authority)
    rows = _validate(
        authority_id=authority_id, title=title, kind=kind, starts_on=starts_on, ends_on=ends_on,
        departments=list(departments),
    )
    with transaction.atomic(), scope(authority=authority_id):
        event = Event.objects.create(
            authority_id=authority_id,
            title=title.strip()[:200],
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            description=(description or "").replace("\r\n", "\n"),
            source=source,
            source_ref=source_ref,
            created_by=by,
        )
        if rows:
            event.departments.set(rows)
        fields = ["title", "kind", "starts_on"] + [
            name for name, value in (("ends_on", ends_on), ("description", description), ("departments", rows)) if value
        ]
        record(action=Action.CREATE, user=by, authority=authority_id, obj=event, fields=fields)
    return event


def update_event(
    *,
    event: Event,
    by: User,
    version: int,
    title: str,
    kind: str,
    starts_on: date,
    ends_on: date | None = None,
    description: str = "",
    departments: Iterable[Department | int] = (),
) -> Event:
    """Edit an event. A stale version raises StaleVersion: the other person's change is never overwritten."""
    rows = _validate(
        authority_id=event.authority_id, title=title, kind=kind, starts_on=starts_on, ends_on=ends_on,
        departments=list(departments),
    )
    with transaction.atomic(), scope(authority=event.authority_id):
        current = lock_current(Event.objects, version=version, pk=event.pk)
        departments_changed = {d.pk for d in rows} != set(current.departments.values_list("pk", flat=True))
        if departments_changed:
            current.departments.set(rows)
        changes = {
            "title": title.strip()[:200],
            "kind": kind,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "description": (description or "").replace("\r\n", "\n"),
        }
        fields = apply_changes(current, changes, also=["departments"] if departments_changed else [])
        if fields:
            if {"kind", "starts_on", "ends_on"} & set(fields):  # the copies the oversight figures read
                ActionItem.objects.filter(review__event=current).update(
                    event_kind=current.kind, event_on=current.ends_on or current.starts_on
                )
            record(action=Action.UPDATE, user=by, obj=current, fields=fields)
            if {"starts_on", "ends_on"} & set(fields):  # its lessons' dates, when their reviews have not met
                data_changed(current.authority_id)
            else:
                figures_changed(current.authority_id)
    return current


def create_event_from_emergency(
    *,
    authority: Authority | int,
    title: str,
    starts_on: date,
    ends_on: date | None,
    departments: Iterable[Department | int] = (),
    source_ref: str = "",
    kind: str = EventKind.EMERGENCY,
    description: str = "",
) -> Event:
    """The event to learn from, created when an emergency ends (called by the emergency module).

    Idempotent on source_ref (e.g. "emergency:42"): a second call returns the event made by the first.
    """
    authority_id = _authority_id(authority)
    source_ref = source_ref[:100]

    def earlier() -> Event | None:
        if not source_ref:
            return None
        return Event.objects.filter(
            authority_id=authority_id, source=Event.Source.EMERGENCY, source_ref=source_ref
        ).first()

    with scope(authority=authority_id):
        existing = earlier()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return create_event(
                    authority=authority_id,
                    title=title,
                    kind=kind,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    description=description,
                    departments=departments,
                    source=Event.Source.EMERGENCY,
                    source_ref=source_ref,
                )
        except IntegrityError:
            # A concurrent call made it first (lessons_event_unique_source_ref): theirs is the event.
            existing = earlier()
            if existing is None:
                raise
            return existing
