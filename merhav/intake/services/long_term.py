"""Long-term services: opened for a person, owned by the department of the section their kind belongs
to, tracked until closed; a service left unchanged for STALLED_DAYS reminds its department."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, changed_fields, lock_current
from merhav.notify.services import send_notification
from merhav.tenancy.models import Authority, Membership
from merhav.tenancy.roles import Role

from ..access import section_owners
from ..models import SERVICE_SECTION, LongTermService, Person, ServiceKind

STALLED_DAYS = 14


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


STALLED_TITLE = gettext_lazy("A long-term service of your department is waiting for an update")
STALLED_BODY = gettext_lazy("A service has had no update for two weeks. Open it to update its status or close it.")


def send_stalled_reminders(*, now=None) -> int:
    """Remind each stalled service's department (its members who write) and the coordinators, once per
    stall. The title and the body name no one; the link carries only the service's number."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=STALLED_DAYS)
    sent = 0
    with scopes_disabled():
        stalled = list(LongTermService.objects.filter(status__in=LongTermService.OPEN_STATUSES,
                                                      last_update_at__lt=cutoff)
                       .select_related("authority").order_by("authority_id", "id"))
        by_authority: dict[int, list[LongTermService]] = {}
        for service in stalled:
            by_authority.setdefault(service.authority_id, []).append(service)
        for authority_id, services in by_authority.items():
            owners = section_owners(authority_id)
            members = list(Membership.objects.filter(authority_id=authority_id, is_active=True, user__is_active=True)
                           .select_related("user"))
            authority: Authority = services[0].authority
            for service in services:
                owner = owners.get(service.section)
                recipients = [m.user for m in members if m.role == Role.INTAKE_COORDINATOR
                              or (owner is not None and m.department_id == owner
                                  and m.role not in (Role.AUDITOR, Role.VIEWER))]
                url = reverse("intake:service", kwargs={"authority_slug": authority.slug, "service_id": service.pk})
                stall_key = service.last_update_at.date().isoformat()
                for user in recipients:
                    if send_notification(recipient=user, kind="intake.service_stalled", title=STALLED_TITLE,
                                         body=STALLED_BODY, url=url, authority=authority,
                                         dedupe_key=f"intake-service:{service.pk}:stalled:{stall_key}"):
                        sent += 1
    return sent
