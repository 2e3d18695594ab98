"""Similar earlier lessons of the authority while a lesson is typed (the live hint and the "check" button),
from the similarity index the worker stored (analysis.index_for)."""

from __future__ import annotations

import numpy as np
from django_scopes import scopes_disabled

from merhav.core.rows import id_of
from merhav.tenancy.models import Authority

from ..analysis import index_for
from ..models import Lesson, Review
from ..similarity import HINT_THRESHOLD, MAX_CANDIDATES, MIN_QUERY_CHARS, SAME_WORDING, normalize


def similar_lessons(authority: Authority | int, text: str, limit: int = 5, exclude_review: Review | int | None = None,
                    threshold: float = HINT_THRESHOLD) -> list[tuple[Lesson, float]]:
    """Earlier lessons of the authority similar to `text`, most similar first: [(lesson, score)].

    One lesson per wording (the latest), and near-identical wordings (the same lesson with another place
    or date) are folded into the first: lesson.same_wording_count says how many lessons it stands for.
    Lessons of `exclude_review` (a review or its id: the one being written) are left out. The lessons come
    with their review and event. Queries: the data version and the stored index (two), and the lessons.
    """
    normalized = normalize(text)
    if len(normalized) < MIN_QUERY_CHARS:
        return []
    index = index_for(authority).value
    if not index.matrix.shape[0]:
        return []
    scores = (index.matrix @ index.vectors([normalized]).T).toarray().ravel()
    candidates = np.flatnonzero(scores >= threshold)
    candidates = candidates[np.argsort(-scores[candidates], kind="stable")][:MAX_CANDIDATES]
    exclude_id = id_of(exclude_review) if exclude_review is not None else None
    eligible = np.isin(index.lesson_rows, candidates)
    if exclude_id is not None:
        eligible &= index.lesson_reviews != exclude_id
    rows, ids = index.lesson_rows[eligible], index.lesson_ids[eligible]
    found_rows = [(int(row), int(ids[rows == row].max()), int(np.count_nonzero(rows == row)))
                  for row in candidates if (rows == row).any()]  # (wording, its latest lesson, lessons)
    if not found_rows:
        return []
    # Fold near-identical wordings into the most similar one.
    vectors = index.matrix[[row for row, _, _ in found_rows]]
    between = (vectors @ vectors.T).toarray()
    chosen: list[int] = []
    represented: dict[int, int] = {}
    for i, (_row, _lesson_id, n) in enumerate(found_rows):
        twin = next((j for j in chosen if between[i, j] >= SAME_WORDING), None)
        if twin is not None:
            represented[twin] += n
        elif len(chosen) < limit:
            chosen.append(i)
            represented[i] = n
    with scopes_disabled():
        found = (
            Lesson.objects.filter(authority_id=id_of(authority), pk__in=[found_rows[i][1] for i in chosen])
            .select_related("review", "review__event", "department")
            .in_bulk()
        )
    result = []
    for i in chosen:
        row, lesson_id, _n = found_rows[i]
        lesson = found.get(lesson_id)
        if lesson is None:  # deleted since the index was built
            continue
        lesson.similarity = round(float(scores[row]), 3)
        lesson.same_wording_count = represented[i]
        result.append((lesson, lesson.similarity))
    return result
