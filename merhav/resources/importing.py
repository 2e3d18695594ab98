"""Applying a checked import (run by the worker, tasks.apply_resources_import): every row checked again
against the database as it is now, then all applied in one transaction — new rows in batches, changed rows
one by one with their version bumped, one audit entry for the import — or none."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_scopes import scope

from merhav.audit.services import Action, record

from . import imports
from .models import Need, Partner, Resource, ResourceImport, need_status

BATCH = 1000


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
