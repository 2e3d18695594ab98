"""Bulk import of evacuee lists: store the upload, read and check it in the worker (with progress), let
the coordinator map the columns and see the preview, then apply it in one transaction (nothing applied
half-way) in the worker. Re-importing the same list changes nothing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.spreadsheets import SpreadsheetError
from merhav.tenancy.models import Authority

from .. import importing
from ..models import ImportBatch


def _check(authority: Authority) -> None:
    user = context.current_user()
    if user is not None and not user.has_perm("intake.coordinate", authority):
        raise PermissionDenied("intake.coordinate")


def store_import(*, authority: Authority, content: bytes) -> ImportBatch:
    """Keep an uploaded list for the worker to read (the cheap archive checks run first)."""
    _check(authority)
    try:
        importing.spreadsheets.open_archive(content, max_file_bytes=importing.MAX_FILE_BYTES,
                                            max_member_bytes=importing.MAX_MEMBER_BYTES,
                                            max_total_bytes=importing.MAX_TOTAL_BYTES).close()
    except SpreadsheetError as error:
        raise ValidationError({"file": [error.message]}) from None
    with transaction.atomic(), scope(authority=authority):
        batch = ImportBatch.objects.create(authority=authority, created_by=context.current_user(), upload=content)
        record(action=Action.CREATE, obj=batch, fields=["file"])
        from ..tasks import read_intake_import

        transaction.on_commit(lambda: read_intake_import.enqueue(batch_id=batch.pk))
    return batch


def set_mapping(*, batch: ImportBatch, mapping: dict[str, int | None]) -> None:
    """The coordinator's mapping of the columns; the worker checks the rows again with it."""
    _check(batch.authority)
    width = len(batch.headers)
    cleaned = {t: i for t, i in mapping.items() if t in importing.TARGETS and i is not None and 0 <= i < width}
    missing = [t for t in importing.REQUIRED if t not in cleaned]
    if missing:
        raise ValidationError({t: [_("Choose the column of this field.")] for t in missing})
    with transaction.atomic(), scope(authority=batch.authority_id):
        updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
            mapping=cleaned, status=ImportBatch.Status.CHECKING, processed=0)
        if not updated:
            raise ValidationError({"__all__": [_("This import can no longer be changed.")]})
        from ..tasks import check_intake_import

        transaction.on_commit(lambda: check_intake_import.enqueue(batch_id=batch.pk))


def confirm_import(*, batch: ImportBatch) -> None:
    _check(batch.authority)
    with transaction.atomic(), scope(authority=batch.authority_id):
        updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
            status=ImportBatch.Status.APPLYING, processed=0)
        if not updated:
            raise ValidationError({"__all__": [_("This import can no longer be changed.")]})
        from ..tasks import apply_intake_import

        transaction.on_commit(lambda: apply_intake_import.enqueue(batch_id=batch.pk))
