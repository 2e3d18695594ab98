"""Long-term services: opened for a person, owned by the department of the section their kind belongs
to, tracked until closed; a service left unchanged for STALLED_DAYS reminds its department."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, changed_fields, lock_current

from ..models import SERVICE_SECTION, LongTermService, Person, ServiceKind
from ..reminders import STALLED_DAYS  # noqa: F401  (the worklist marks stalled services)


def _check(perm: str, target: Any) -> None:
    user = context.current_user()
    if user is not None and not user.has_perm(perm, target):
        raise PermissionDenied(perm)


def _clean(values: dict[str, Any], *, opened_on: date | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    status = values.get("status") or LongTermService.Status.OPEN
    if status not in LongTermService.Status.values:
        errors["status"] = [_("Select a valid choice. That choice is not one of the available choices.")]
    due_on = values.get("due_on")
    if due_on is not None and not isinstance(due_on, date):
        errors["due_on"] = [_("Enter the date as dd.mm.yyyy, e.g. 12.11.2026.")]
    elif due_on and opened_on and due_on < opened_on:
        errors["due_on"] = [_("The due date cannot be before the service was opened.")]
    if errors:
        raise ValidationError(errors)
    return {"status": status, "due_on": due_on, "notes": str(values.get("notes") or "").replace("\r\n", "\n").strip()}


def open_service(*, person: Person, kind: str, values: dict[str, Any] | None = None) -> LongTermService:
    if kind not in ServiceKind.values:
        raise ValidationError({"kind": [_("Select a valid choice. That choice is not one of the available choices.")]})
    section = SERVICE_SECTION[ServiceKind(kind)]
    _check("intake.edit_section", (person, section))
    today = timezone.localdate()
    cleaned = _clean(values or {}, opened_on=today)
    user = context.current_user()
    with transaction.atomic(), scope(authority=person.authority_id):
        service = LongTermService.objects.create(
            authority_id=person.authority_id, person=person, kind=kind, section=section, opened_on=today,
            closed_on=today if cleaned["status"] == LongTermService.Status.CLOSED else None,
            created_by=user, updated_by=user, **cleaned,
        )
        record(action=Action.CREATE, obj=service, fields=["kind", *[k for k, v in cleaned.items() if v]])
    return service


def update_service(*, service: LongTermService, version: int, values: dict[str, Any]) -> list[str]:
    _check("intake.edit_section", (service, service.section))
    cleaned = _clean(values, opened_on=service.opened_on)
    with transaction.atomic(), scope(authority=service.authority_id):
        current = lock_current(LongTermService.objects, pk=service.pk, version=version)
        if cleaned["status"] == LongTermService.Status.CLOSED and current.status != LongTermService.Status.CLOSED:
            cleaned["closed_on"] = timezone.localdate()
        elif cleaned["status"] != LongTermService.Status.CLOSED:
            cleaned["closed_on"] = None
        changed = changed_fields(current, cleaned)
        if changed:
            apply_changes(current, {**cleaned, "updated_by": context.current_user(),
                                    "last_update_at": timezone.now()}, touch=False)
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed
