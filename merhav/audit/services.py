"""Writing the audit log. Every module calls record(); nothing else writes AuditEntry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.db import models

from merhav.core import context
from merhav.core.users import User

from .models import AuditEntry

Action = AuditEntry.Action
T = TypeVar("T", bound=models.Model)


def record(
    *,
    action: str,
    user: User | None = None,
    authority: models.Model | int | None = None,  # a tenancy.Authority (audit sits below tenancy) or its id
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    fields: Iterable[str] = (),
) -> AuditEntry:
    """Append one entry. The acting user, the authority, the client's address and the request id come
    from the request context (merhav.core.context: set by middleware for a request, by acting_as()
    elsewhere) unless the user or the authority is given."""
    if user is None:
        user = context.current_user()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if authority is None and getattr(obj, "authority_id", None):
            authority = obj.authority_id  # type: ignore[attr-defined]
    if authority is None:
        authority = context.current_authority()
    authority_kwargs = {"authority_id": authority} if isinstance(authority, int) else {"authority": authority}
    return AuditEntry.objects.create(
        action=action,
        user=user,
        object_type=object_type,
        object_id=str(object_id or ""),
        fields=sorted(set(fields)),
        ip_address=context.current_client_ip(),
        request_id=context.current_request_id() or "",
        **authority_kwargs,
    )


def record_personal_read(*, object_type: str, ids: Iterable[int | str],
                         authority: models.Model | int | None = None) -> AuditEntry | None:
    """One VIEW_PERSONAL entry for a page or API response that shows people's contact details or a
    person's record, listing the ids of the records shown (object_type: "app_label.model").

    Every read of personal data goes through here (pages, API, exports of any module): one call per
    request, after the records to show are known. Nothing is written when nothing is shown. The user,
    the client's address, the request id and (unless given) the authority come from the request context;
    this is the only write a GET may make.
    """
    shown = list(dict.fromkeys(ids))
    if not shown:
        return None
    if authority is None:
        authority = context.current_authority()
    authority_kwargs = {"authority_id": authority} if isinstance(authority, int) else {"authority": authority}
    return AuditEntry.objects.create(
        action=Action.VIEW_PERSONAL,
        user=context.current_user(),
        object_type=object_type,
        object_ids=shown,
        ip_address=context.current_client_ip(),
        request_id=context.current_request_id() or "",
        **authority_kwargs,
    )


def personal_rows_shown(rows: Iterable[T], *, person: str = "") -> list[T]:
    """Record the rows a page or API response is about to show (one VIEW_PERSONAL entry) and return them
    as a list. `person` names the attribute holding the person's record on each row (e.g. "user" for a
    membership: the entry then lists the users' ids); empty means the rows are the records themselves."""
    rows = list(rows)
    if not rows:
        return rows
    records = [getattr(row, person) for row in rows] if person else rows
    record_personal_read(object_type=records[0]._meta.label_lower, ids=[r.pk for r in records])
    return rows


def changed_fields(instance: models.Model, data: dict[str, Any]) -> list[str]:
    """Names of the fields in data whose values differ from the instance (values are not logged)."""
    return sorted(name for name, value in data.items() if getattr(instance, name, None) != value)


def retention_cutoff(*, months: int | None = None) -> datetime:
    """Entries from before this moment are past the retention period (AUDIT_RETENTION_MONTHS)."""
    from dateutil.relativedelta import relativedelta
    from django.conf import settings
    from django.utils import timezone

    months = settings.MERHAV_AUDIT_RETENTION_MONTHS if months is None else months
    return timezone.now() - relativedelta(months=months)


def purge_expired_entries(*, months: int | None = None) -> int:
    """Delete the entries past the retention period; the only way entries ever leave the log."""
    return AuditEntry.objects.purge_older_than(retention_cutoff(months=months))
