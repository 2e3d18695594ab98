"""Optimistic locking: every edit names the version it started from; a stale one changes nothing.

    with transaction.atomic():
        current = lock_current(Thing.objects, pk=thing.pk, version=version)   # raises StaleVersion
        changed = apply_changes(current, {"title": title, "due_date": due_date})
        if changed:
            record(action=Action.UPDATE, obj=current, fields=changed)

Views catch StaleVersion and show the one conflict screen (ui/partials/conflict.html via
merhav.ui.conflicts.conflict_context); the API answers 409.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models
from django.db.models import F
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


class StaleVersion(Exception):
    """Someone saved the object after this edit began: nothing was overwritten.

    `current` is the object as it is stored now (its fields, its version), for the conflict screen."""

    def __init__(self, current: models.Model):
        super().__init__(f"stale version of {current._meta.label} {current.pk}")
        self.current = current


def lock_current(queryset: models.QuerySet[M] | models.Manager[M], *, version: int | None, **lookup: Any) -> M:
    """The row as stored now, locked until the transaction ends; StaleVersion when `version` is given and
    is not the stored one. Call inside transaction.atomic(). A queryset that already says how to lock
    (e.g. select_for_update(of=("self",)) beside a nullable select_related) is locked as it says."""
    queryset = queryset.all()  # a manager is fine too
    if not queryset.query.select_for_update:
        queryset = queryset.select_for_update()
    current = queryset.get(**lookup)
    if version is not None and current.version != version:  # type: ignore[attr-defined]
        raise StaleVersion(current)
    return current


def changed_fields(instance: models.Model, changes: Mapping[str, Any]) -> list[str]:
    """The names in `changes` whose value differs from the instance's (`x_id` keys are named `x`)."""
    return [name.removesuffix("_id") for name, value in changes.items() if getattr(instance, name) != value]


def apply_changes(
    current: models.Model, changes: Mapping[str, Any], *, also: Iterable[str] = (), touch: bool = True
) -> list[str]:
    """Apply the changed values of `changes` to a locked row, bump its version in the database
    (version = version + 1, never a read then a write) and save only what changed. Returns the changed
    field names (for the audit log: names, never values); saves nothing when nothing changed.

    `also` names fields changed by the caller (e.g. a many-to-many set) that count as a change.
    `touch` sets `updated_at` when the model has one."""
    changed = changed_fields(current, changes) + [name for name in also if name]
    if not changed:
        return []
    for name, value in changes.items():
        setattr(current, name, value)
    field_names = {field.name for field in current._meta.concrete_fields}
    update = [f.attname for f in current._meta.concrete_fields if f.name in {n.removesuffix("_id") for n in changes}]
    if "version" in field_names:
        current.version = F("version") + 1  # type: ignore[attr-defined]
        update.append("version")
    if touch and "updated_at" in field_names:
        current.updated_at = timezone.now()  # type: ignore[attr-defined]
        update.append("updated_at")
    current.save(update_fields=sorted(set(update)))
    if "version" in field_names:
        current.refresh_from_db(fields=["version"])
    return changed
