"""The import of partners, resources and needs: keep the upload, have the worker read it, keep the column
mapping, have the worker check every row, and — once the person confirms — apply every row in one
transaction, or none. The file and the rows never travel through the browser: only the import's token."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.core import context
from merhav.tenancy.models import Authority

from .. import imports
from ..importing import apply_checked, stored_problems
from ..models import ResourceImport

__all__ = ["apply_checked", "confirm_import", "set_import_mapping", "store_import", "stored_problems"]


def store_import(*, authority: Authority, target: str, content: bytes, file_name: str = "") -> ResourceImport:
    """Keep an uploaded file and have the worker read it (tasks.read_resources_import)."""
    from ..tasks import read_resources_import

    if target not in ResourceImport.Target.values:
        raise ValidationError({"target": _("Select a valid choice. That choice is not one of the available "
                                           "choices.")})
    with transaction.atomic(), scope(authority=authority):
        stored = ResourceImport.objects.create(authority=authority, target=target, created_by=context.current_user(),
                                               upload=content, file_name=(file_name or "")[:200])
        stored_id = stored.pk
        transaction.on_commit(lambda: read_resources_import.enqueue(import_id=stored_id))
    return stored


def set_import_mapping(*, stored: ResourceImport, mapping: dict[str, int]) -> None:
    """Keep the person's column mapping and have the worker check the rows with it."""
    from ..tasks import check_resources_import

    errors = {}
    for column in imports.FIELDS[stored.target]:
        index = mapping.get(column.key)
        if index is not None and not 0 <= index < max(len(stored.headers), 1):
            errors[column.key] = _("Select a valid choice. That choice is not one of the available choices.")
        elif column.required and index is None:
            errors[column.key] = _("Choose the column of this field: it is required.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scope(authority=stored.authority_id):
        locked = ResourceImport.objects.select_for_update().get(pk=stored.pk)
        if locked.status not in (ResourceImport.Status.MAPPING, ResourceImport.Status.READY):
            raise ValidationError(_("This import cannot be mapped again now."))
        locked.mapping = {key: index for key, index in mapping.items() if index is not None}
        locked.status = ResourceImport.Status.CHECKING
        locked.done, locked.problems, locked.counts = 0, [], {}
        locked.save(update_fields=["mapping", "status", "done", "problems", "counts"])
        stored_id = locked.pk
        transaction.on_commit(lambda: check_resources_import.enqueue(import_id=stored_id))


def confirm_import(*, stored: ResourceImport) -> None:
    """The person confirmed the preview: the worker applies it (nothing is applied when a row is bad)."""
    from ..tasks import apply_resources_import

    with transaction.atomic(), scope(authority=stored.authority_id):
        locked = ResourceImport.objects.select_for_update().get(pk=stored.pk)
        if locked.status != ResourceImport.Status.READY or locked.problems:
            raise ValidationError(_("Nothing was applied: the sheet has rows with errors. Fix them and upload it "
                                    "again."))
        locked.status = ResourceImport.Status.APPLYING
        locked.save(update_fields=["status"])
        stored_id = locked.pk
        transaction.on_commit(lambda: apply_resources_import.enqueue(import_id=stored_id))


