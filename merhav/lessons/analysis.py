"""The authority's lessons data version, and what the worker computes from it: the similarity index of
the lessons' wordings and the recurring-lessons table.

Writers. Every lessons service that changes what these read calls services.data_version.data_changed()
inside its transaction:
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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_scopes import scopes_disabled

from .models import ActionItem, Lesson, LessonsAnalysis, LessonsDataVersion
from .similarity import WordingIndex, build_index, wording_groups


def sync_limit() -> int:
    """Up to this many lessons, results behind the data are computed on the request (tens of milliseconds)."""
    return int(getattr(settings, "MERHAV_LESSONS_SYNC_LIMIT", 500))


def data_version(authority_id: int) -> int:
    with scopes_disabled():
        return LessonsDataVersion.objects.filter(authority_id=authority_id).values_list("version", flat=True).first() or 0


def recurring_table(authority_id: int, index) -> dict[str, np.ndarray]:
    """Per lesson of the authority (the worker computes it, see analysis.py): its review, event, date (its
    review's meeting date, or the event's while the review has not met), recurring-lessons group (-1: not
    in the index yet), and whether it "did not work": whether, before its date, an action answering a
    similar lesson of another review of its group was marked done (the earliest such action)."""
    on = Coalesce(F("review__meeting_date"), F("review__event__ends_on"), F("review__event__starts_on"))
    with scopes_disabled():
        lessons = list(Lesson.objects.filter(authority_id=authority_id).annotate(on=on).order_by("id")
                       .values_list("id", "review_id", "review__event_id", "on"))
        done = list(ActionItem.objects.filter(authority_id=authority_id, lesson__isnull=False, done_on__isnull=False,
                                              status=ActionItem.Status.DONE)
                    .order_by("done_on", "id").values_list("id", "lesson_id", "done_on"))
    ids = np.array([row[0] for row in lessons], dtype=np.int64)
    reviews = np.array([row[1] for row in lessons], dtype=np.int64)
    days = np.array([row[3].toordinal() for row in lessons], dtype=np.int64)
    position = np.searchsorted(index.lesson_ids, ids).clip(max=max(len(index.lesson_ids) - 1, 0))
    known = index.lesson_ids[position] == ids if len(index.lesson_ids) else np.zeros(len(ids), dtype=bool)
    group = np.where(known, wording_groups(index)[index.lesson_rows[position]] if known.any() else -1, -1)
    # Per group, the earliest done action, and the earliest one from another review than that one's.
    at = {lesson_id: i for i, lesson_id in enumerate(ids.tolist())}
    earliest: dict[int, list[tuple[int, int, int]]] = {}  # group → [(day, action, review), …]
    for action_id, lesson_id, done_on in done:
        i = at.get(lesson_id)
        if i is None or group[i] < 0:
            continue
        found = earliest.setdefault(int(group[i]), [])
        if not found or (len(found) == 1 and found[0][2] != reviews[i]):
            found.append((done_on.toordinal(), action_id, int(reviews[i])))
    failed = np.zeros(len(ids), dtype=np.int64)
    for i, g in enumerate(group.tolist()):
        found = [a for a in earliest.get(g, ()) if a[2] != reviews[i]][:1]
        if found and found[0][0] < days[i]:
            failed[i] = found[0][1]
    table = {"id": ids, "review": reviews, "event": np.array([row[2] for row in lessons]), "day": days,
             "group": group, "did_not_work": failed > 0, "failed_action": failed}
    return {name: column.astype(np.int32) for name, column in table.items()}  # half the bytes of int64


def _arrays_to_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _arrays_from_bytes(blob: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as arrays:
        return dict(arrays)


def build(authority_id: int) -> tuple[WordingIndex, dict[str, np.ndarray]]:
    """The index and the recurring-lessons table of the authority's data as it is now."""
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


V = TypeVar("V")


@dataclass(frozen=True)
class Result(Generic[V]):
    value: V
    current: bool  # computed from the current data version
    built_at: datetime | None  # when the worker computed it (None: on this request)


def _result(authority: Any, part: str, compute: Callable[[int], V], load: Callable[[bytes], V]) -> Result[V]:
    authority_id = getattr(authority, "pk", authority)
    version = data_version(authority_id)
    with scopes_disabled():
        stored = LessonsAnalysis.objects.filter(authority_id=authority_id).values_list("version", "built_at", part).first()
        if stored is not None and stored[0] < version and Lesson.objects.filter(authority_id=authority_id).count() <= sync_limit():
            stored = None  # small: computed now
    if stored is None:
        return Result(compute(authority_id), True, None)
    return Result(load(bytes(stored[2])), stored[0] >= version, stored[1])


def index_for(authority: Any) -> Result[WordingIndex]:
    """The similarity index of the authority's lessons (see the module's docstring for which)."""
    return _result(authority, "index", build_index, WordingIndex.from_bytes)


def recurring_for(authority: Any) -> Result[dict[str, np.ndarray]]:
    """The recurring-lessons table of the authority (see the module's docstring for which)."""
    return _result(authority, "recurring", lambda authority_id: build(authority_id)[1], _arrays_from_bytes)
