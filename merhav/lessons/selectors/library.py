"""Reads of the shared library. SharedLesson is not scoped: each read says which rows the members of the
current authority may see — every published lesson, and their own authority's proposals."""

from __future__ import annotations

import numpy as np
from django.db.models import Q, QuerySet
from django_scopes import scopes_disabled

from merhav.tenancy.models import Authority

from ..models import SharedLesson
from ..similarity import NGRAMS, normalize

# A search ranks at most this many published lessons by similarity (the most recent ones).
RANKED_AT_MOST = 5000
# From this similarity a published lesson matches a search even without the words themselves.
SEARCH_THRESHOLD = 0.2


def visible_q(authority: Authority) -> Q:
    return Q(status=SharedLesson.Status.APPROVED) | Q(source_authority=authority)


def shared_lesson(authority: Authority, shared_lesson_id: int) -> QuerySet[SharedLesson]:
    """For get_object_or_404: the row if the authority's members may see it."""
    with scopes_disabled():
        return SharedLesson.objects.filter(visible_q(authority), pk=shared_lesson_id).select_related(
            "source_authority", "proposed_by", "decided_by"
        )


def search(*, text: str = "", kind: str = "", tag: str = "") -> list[int]:
    """Ids of published lessons matching the search, best first: by character n-gram similarity to the
    text (so Hebrew and Arabic spelling variants match), else newest first."""
    with scopes_disabled():
        qs = SharedLesson.objects.filter(status=SharedLesson.Status.APPROVED)
        if kind:
            qs = qs.filter(event_kind=kind)
        rows = list(qs.order_by("-decided_at", "-id").values_list("id", "normalized_text", "tags")[:RANKED_AT_MOST])
    if tag:
        wanted = normalize(tag)
        rows = [r for r in rows if any(normalize(t) == wanted for t in r[2] or [])]
    query = normalize(text)
    if not query:
        return [r[0] for r in rows]
    if not rows:
        return []
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = NGRAMS.transform([r[1] for r in rows] + [query])
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    scores = np.asarray((weights[:-1] @ weights[-1].T).todense()).ravel()
    contains = np.array([query in r[1] for r in rows])
    scores = np.where(contains, scores + 1.0, scores)
    order = np.argsort(-scores, kind="stable")
    return [rows[i][0] for i in order if scores[i] >= SEARCH_THRESHOLD]


def by_ids(authority: Authority, ids: list[int]) -> list[SharedLesson]:
    """The rows of these ids that the authority's members may see, in the order of the ids."""
    with scopes_disabled():
        found = SharedLesson.objects.filter(visible_q(authority), pk__in=ids).select_related("source_authority").in_bulk()
    return [found[i] for i in ids if i in found]


def proposals_of(authority: Authority) -> QuerySet[SharedLesson]:
    """The authority's proposals, awaiting ones first, for the CEO's queue."""
    from django.db.models import Case, IntegerField, Value, When

    with scopes_disabled():
        return (
            SharedLesson.objects.filter(source_authority=authority)
            .select_related("proposed_by", "decided_by", "source_lesson")
            .annotate(waiting=Case(When(status=SharedLesson.Status.PROPOSED, then=Value(0)), default=Value(1),
                                   output_field=IntegerField()))
            .order_by("waiting", "-proposed_at", "-id")
        )
