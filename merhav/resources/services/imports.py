"""The import of partners, resources and needs: keep the upload, have the worker read it, keep the column
mapping, have the worker check every row, and — once the person confirms — apply every row in one
transaction, or none. The file and the rows never travel through the browser: only the import's token."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.tenancy.models import Authority

from .. import imports
from ..models import Need, Partner, Resource, ResourceImport
from .catalog import need_status

BATCH = 1000


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


def stored_problems(rows: list[imports.Checked]) -> list[list]:
    return [[row.line, [[code, params] for code, params in row.problems]] for row in rows if row.problems]


def _plain(values: dict) -> dict:
    return {name: value for name, value in values.items() if name != "neighbourhoods"}


def apply_checked(*, stored: ResourceImport) -> dict[str, Any]:
    """Check every row again against the database as it is now and apply them all in one transaction, or
    none (the problems are then kept for the preview). Run by the worker."""
    authority = stored.authority
    user = stored.created_by
    with transaction.atomic(), scope(authority=authority):
        locked = ResourceImport.objects.select_for_update().get(pk=stored.pk)
        if locked.status != ResourceImport.Status.APPLYING:
            return {"skipped": True}
        rows = imports.check_rows(authority=authority, target=locked.target, rows=locked.rows, mapping=locked.mapping)
        counts = imports.summary(rows)
        if counts["bad"]:
            locked.status, locked.problems, locked.counts = ResourceImport.Status.READY, stored_problems(rows), counts
            locked.save(update_fields=["status", "problems", "counts"])
            return counts
        model = {ResourceImport.Target.PARTNERS: Partner, ResourceImport.Target.RESOURCES: Resource,
                 ResourceImport.Target.NEEDS: Need}[locked.target]
        now = timezone.now()
        new = []
        for row in rows:
            values = _plain(row.values)
            if model is Resource:
                values["family"] = Resource.FAMILY_OF[Resource.Kind(values["kind"])]
                values["verified_on"] = values["verified_on"] or timezone.localdate()
            if model is Need:
                values["status"] = Need.Status.OPEN
            if row.action == "create":
                new.append((model(authority=authority, created_by=user, updated_by=user, created_at=now,
                                  updated_at=now, **values), row))
            elif row.action == "update":
                obj = row.existing
                if model is Need:
                    values["status"] = need_status(quantity=values["quantity"], covered=obj.covered,
                                                   closed=obj.status == Need.Status.CLOSED)
                if model is Resource and values["verified_on"] == obj.verified_on:
                    values.pop("verified_on")
                for name, value in values.items():
                    setattr(obj, name, value)
                obj.updated_by, obj.updated_at, obj.version = user, now, F("version") + 1
                obj.save(update_fields=[*values, "updated_by", "updated_at", "version"])
                if model is Partner:
                    obj.neighbourhoods.set(row.values["neighbourhoods"])
        for start in range(0, len(new), BATCH):
            batch = new[start:start + BATCH]
            created = model.objects.bulk_create([obj for obj, _row in batch])
            if model is Partner:
                through = Partner.neighbourhoods.through
                through.objects.bulk_create([
                    through(partner_id=obj.pk, neighbourhood_id=place.pk)
                    for obj, (_obj, row) in zip(created, batch, strict=True) for place in row.values["neighbourhoods"]
                ])
        locked.status, locked.applied_at, locked.counts, locked.done = ResourceImport.Status.APPLIED, now, counts, len(rows)
        locked.rows, locked.problems = [], []
        locked.save(update_fields=["status", "applied_at", "counts", "rows", "problems", "done"])
        record(action=Action.CREATE, obj=locked, user=user, fields=[locked.target])
    return counts
