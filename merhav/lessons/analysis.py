"""The authority's lessons data version, and what the worker computes from it: the similarity index of
the lessons' wordings and the recurring-lessons table.

Writers. Every lessons service that changes what these read calls data_changed() inside its transaction:
one UPDATE … SET version = version + 1 (never a read then a write), and, once the transaction commits,
the worker's refresh task is enqueued for the authority.

The worker (tasks.refresh_lessons_analysis) reads the version first and the data after it, and stores the
results with that version unless results of a newer one are stored already. A stored result is therefore
never labelled newer than the data it was built from, and an older build finishing late never replaces a
newer one.

Readers (index_for, recurring_for) use the stored result when it carries the current version. When it is
older (the worker has not caught up yet: usually a second or two):
- an authority with at most MERHAV_LESSONS_SYNC_LIMIT lessons gets the result computed on the request
  (milliseconds at that size), and not stored: only the worker stores;
- a larger one gets the stored result, marked not current: the page says when it was computed;
- with nothing stored yet (just migrated, or data loaded without the services: the periodic job builds
  it), it is computed on the request.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_scopes import scopes_disabled

from .models import Lesson, LessonsAnalysis, LessonsDataVersion
from .similarity import WordingIndex, build_index


def sync_limit() -> int:
    """Up to this many lessons, results behind the data are computed on the request (tens of milliseconds)."""
    return int(getattr(settings, "MERHAV_LESSONS_SYNC_LIMIT", 500))


def data_changed(authority_id: int) -> None:
    """Count one change of the authority's lessons data (inside the writing transaction) and have the
    worker recompute what depends on it once the transaction commits."""
    from .tasks import refresh_lessons_analysis

    with scopes_disabled():
        versions = LessonsDataVersion.objects.filter(authority_id=authority_id)
        if not versions.update(version=F("version") + 1):
            try:
                with transaction.atomic():
                    LessonsDataVersion.objects.create(authority_id=authority_id, version=1)
            except IntegrityError:  # created by a concurrent writer meanwhile
                versions.update(version=F("version") + 1)
    transaction.on_commit(lambda: refresh_lessons_analysis.enqueue(authority_id=authority_id))


def data_version(authority_id: int) -> int:
    with scopes_disabled():
        return LessonsDataVersion.objects.filter(authority_id=authority_id).values_list("version", flat=True).first() or 0


def _arrays_to_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _arrays_from_bytes(blob: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as arrays:
        return dict(arrays)


def build(authority_id: int) -> tuple[WordingIndex, dict[str, np.ndarray]]:
    """The index and the recurring-lessons table of the authority's data as it is now."""
    from .selectors.oversight import recurring_table

    index = build_index(authority_id)
    return index, recurring_table(authority_id, index)


def refresh(authority_id: int) -> dict:
    """Build and store the results of the current version, unless they are stored already (the worker)."""
    version = data_version(authority_id)
    with scopes_disabled():
        stored = LessonsAnalysis.objects.filter(authority_id=authority_id).values_list("version", flat=True).first()
    if stored is not None and stored >= version:
        return {"version": version, "built": False}
    index, table = build(authority_id)
    return {"version": version, "built": store(authority_id, version, index, table)}


def store(authority_id: int, version: int, index: WordingIndex, table: dict[str, np.ndarray]) -> bool:
    """Keep these results of `version`, unless results of this or a newer version are stored."""
    fields = {"version": version, "built_at": timezone.now(), "index": index.to_bytes(),
              "recurring": _arrays_to_bytes(table)}
    with scopes_disabled(), transaction.atomic():
        if LessonsAnalysis.objects.filter(authority_id=authority_id, version__lt=version).update(**fields):
            return True
        return LessonsAnalysis.objects.get_or_create(authority_id=authority_id, defaults=fields)[1]


@dataclass(frozen=True)
class Result:
    value: object
    current: bool  # computed from the current data version
    built_at: datetime | None  # when the worker computed it (None: on this request)


def _result(authority, part: str, compute, load) -> Result:
    authority_id = getattr(authority, "pk", authority)
    version = data_version(authority_id)
    with scopes_disabled():
        stored = LessonsAnalysis.objects.filter(authority_id=authority_id).values_list("version", "built_at", part).first()
        if stored is not None and stored[0] < version and Lesson.objects.filter(authority_id=authority_id).count() <= sync_limit():
            stored = None  # small: computed now
    if stored is None:
        return Result(compute(authority_id), True, None)
    return Result(load(bytes(stored[2])), stored[0] >= version, stored[1])


def index_for(authority) -> Result:
    """The similarity index of the authority's lessons (see the module's docstring for which)."""
    return _result(authority, "index", build_index, WordingIndex.from_bytes)


def recurring_for(authority) -> Result:
    """The recurring-lessons table of the authority (see the module's docstring for which)."""
    return _result(authority, "recurring", lambda authority_id: build(authority_id)[1], _arrays_from_bytes)
