"""Writes of the page shell's own data. The acting user, the client's address and the request id of the
audit entry come from merhav.core.context."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from merhav.audit.services import Action, record

from .models import AccessibilityStatement

STATEMENT_FIELDS = ("coordinator_name", "coordinator_email", "coordinator_phone", "reviewed_on")


@transaction.atomic
def update_accessibility_statement(
    *, coordinator_name: str, coordinator_email: str, coordinator_phone: str, reviewed_on: dt.date | None
) -> list[str]:
    """Set the coordinator's contact and the date of the last review; returns the names of changed fields."""
    statement, created = AccessibilityStatement.objects.select_for_update().get_or_create(
        pk=AccessibilityStatement.SINGLETON_ID
    )
    values = {
        "coordinator_name": coordinator_name.strip(),
        "coordinator_email": coordinator_email.strip(),
        "coordinator_phone": coordinator_phone.strip(),
        "reviewed_on": reviewed_on,
    }
    changed = [name for name, value in values.items() if getattr(statement, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(statement, name, values[name])
    statement.save()
    record(action=Action.CREATE if created else Action.UPDATE, obj=statement, fields=changed)
    return changed
