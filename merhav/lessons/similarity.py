"""Similar and recurring lessons: text normalisation for Hebrew, Arabic and English, and character n-gram
TF-IDF similarity (scikit-learn's TfidfTransformer over hashed char_wb 2–4-grams) over an authority's lessons.

normalize() is called by the lesson services whenever a lesson's text is saved (Lesson.normalized_text),
so the index never has to normalise 50,000 texts on a request.

Speed. The live hint must answer in well under 100 ms for an authority with 50,000 lessons, so nothing is
fitted per request. Each process keeps, per authority, an index of the *distinct* normalised texts (many
lessons repeat a wording) as a feature-major sparse matrix; a query reads only the columns of its own
n-grams. The index is checked against a cheap fingerprint of the authority's lessons (count and highest id:
one indexed aggregate query; and a change counter in the shared cache that every save or delete of a
lesson bumps) and refreshed when it changes: new lessons are appended (only new wordings are vectorised),
edits and deletions reload the rows. The recurring-lessons grouping is computed
on the same matrix once per index state and cached with it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled
from sklearn.feature_extraction.text import TfidfTransformer

# --- Normalisation -------------------------------------------------------------------------------------

# Hebrew points and cantillation marks (niqqud, te'amim) in U+0591–U+05C7: the combining marks only, not
# the letters (U+05D0–U+05EA) nor maqaf/sof pasuq/geresh, which are punctuation and become separators.
_HEBREW_MARKS = "".join(chr(c) for c in range(0x0591, 0x05C8) if unicodedata.category(chr(c)) == "Mn")
# Arabic tashkeel (harakat, tanwin, shadda, sukun and the extended marks), superscript alef, tatweel.
_ARABIC_MARKS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670" + "\u0640"

_FOLD = {ord(ch): None for ch in _HEBREW_MARKS + _ARABIC_MARKS}
_FOLD.update(
    {
        # Hebrew final letters → their regular forms.
        ord("ך"): "כ",
        ord("ם"): "מ",
        ord("ן"): "נ",
        ord("ף"): "פ",
        ord("ץ"): "צ",
        # Arabic alef forms → bare alef; alef maqsura → ya; ta marbuta → ha.
        ord("أ"): "ا",
        ord("إ"): "ا",
        ord("آ"): "ا",
        ord("ٱ"): "ا",
        ord("ى"): "ي",
        ord("ة"): "ه",
        # Bidi controls and zero-width characters that sneak in from copy-paste.
        0x200B: None,
        0x200C: None,
        0x200D: None,
        0x200E: None,
        0x200F: None,
        0x061C: None,
        0xFEFF: None,
    }
)

# Anything that is not a letter or a digit (in any script) is a separator. Hebrew geresh and
# gershayim inside abbreviations (מנכ"ל, צה״ל) are dropped without splitting the word.
_ABBREVIATION_MARKS = re.compile(r"(?<=\w)[\"'\u05F3\u05F4\u2019](?=\w)")
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text: str | None) -> str:
    """Fold a lesson's text so that spelling variants compare equal.

    Strips Hebrew niqqud/cantillation and Arabic tashkeel/tatweel, unifies Hebrew final letters and
    Arabic alef forms (and ى→ي, ة→ه), lowercases, and collapses punctuation and whitespace to one space.
    """
    if not text:
        return ""
    # NFKC folds presentation forms (Arabic ligatures, full-width Latin) into ordinary letters; the
    # combining marks it leaves are then removed by the translation table.
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_FOLD)
    text = text.casefold()
    text = _ABBREVIATION_MARKS.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    return text.strip()


# --- Vectorising -----------------------------------------------------------------------------------------

NGRAM_RANGE = (2, 4)
FEATURE_BITS = 20
N_FEATURES = 1 << FEATURE_BITS
# Cosine similarity from which an earlier lesson is offered while a lesson is typed.
HINT_THRESHOLD = 0.3
# Cosine similarity from which two wordings belong to one recurring-lessons group.
GROUP_THRESHOLD = 0.5
# Shorter (normalised) queries are not looked up: two letters match everything.
MIN_QUERY_CHARS = 8
# Wordings this similar are one lesson told twice (another place or date): the hint shows one of them.
SAME_WORDING = 0.75
# The hint looks at most at this many of the most similar wordings.
MAX_CANDIDATES = 60

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_BASE = np.uint64(1000003)


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort-based: numpy's hash-based unique is slow on large int64 arrays)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def char_ngrams(texts: list[str]) -> sp.csr_matrix:
    """Binary document × hashed-n-gram matrix of normalised texts.

    The n-grams are scikit-learn's ``analyzer="char_wb"`` ones (each word padded with a space, 2- to
    4-grams inside words only) hashed into 2**20 columns, as HashingVectorizer would give, but computed
    with numpy over the whole batch at once: 50,000 lessons take about a second instead of ten.
    """
    n_docs = len(texts)
    if not n_docs:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    # One code-point array: "\0 text one \0 text two \0"; NUL separates documents, spaces separate words.
    joined = "\x00" + "\x00".join(f" {t} " for t in texts) + "\x00"
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_sep = chars == 0
    is_space = chars == 32
    doc_of = np.cumsum(is_sep) - 1
    rows, cols = [], []
    length = len(chars)
    # Rolling over n: the hash and the "crosses a document or word boundary" mask of the n-grams starting
    # at each position are extended by one character at a time.
    h = chars.copy()
    bad = is_sep.copy()
    interior_space = np.zeros(length, dtype=bool)
    for n in range(2, NGRAM_RANGE[1] + 1):
        m = length - n + 1
        if m <= 0:
            break
        # char_wb: a space may only open or close an n-gram (word boundaries), never sit inside it.
        if n >= 3:
            interior_space = interior_space[:m] | is_space[n - 2:n - 2 + m]
        h = h[:m] * _BASE + chars[n - 1:n - 1 + m]
        bad = bad[:m] | is_sep[n - 1:n - 1 + m]
        if n < NGRAM_RANGE[0]:
            continue
        invalid = bad | interior_space[:m] if n >= 3 else bad | (is_space[:m] & is_space[1:1 + m])
        pos = np.flatnonzero(~invalid)
        cols.append(((h[pos] * _GOLDEN) >> np.uint64(64 - FEATURE_BITS)).astype(np.int64))
        rows.append(doc_of[pos])
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    key = _distinct((row << FEATURE_BITS) | col)
    row = key >> FEATURE_BITS
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=n_docs), out=indptr[1:])
    indices = (key & (N_FEATURES - 1)).astype(np.int32)
    return sp.csr_matrix((np.ones(len(key), dtype=np.float32), indices, indptr), shape=(n_docs, N_FEATURES))


# --- The per-authority index -------------------------------------------------------------------------------


@dataclass
class LessonIndex:
    """The distinct normalised texts of one authority's lessons, vectorised, and which lesson has which."""

    fingerprint: tuple = ()
    texts: list[str] = field(default_factory=list)
    text_row: dict[str, int] = field(default_factory=dict)
    counts: sp.csr_matrix | None = None  # distinct texts × n-grams, binary
    by_feature: sp.csr_matrix | None = None  # n-grams × distinct texts, TF-IDF weights (l2 per text)
    transformer: TfidfTransformer | None = None
    lesson_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # sorted
    lesson_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    lesson_reviews: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Lessons grouped by text row: lesson positions in row order, and where each row's run starts.
    row_lessons: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    row_starts: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    groups: np.ndarray | None = None  # recurring-lessons group of each text row (computed lazily)

    @property
    def live_rows(self) -> int:
        return int(np.count_nonzero(np.diff(self.row_starts))) if len(self.row_starts) > 1 else 0

    def vectorize(self, normalized: str) -> sp.csr_matrix:
        return self.transformer.transform(char_ngrams([normalized])).astype(np.float32)

    def scores(self, normalized: str) -> np.ndarray:
        """Cosine similarity of a normalised text to every distinct text (reads only its n-grams' columns)."""
        query = self.vectorize(normalized)
        if query.nnz == 0 or self.by_feature is None:
            return np.zeros(len(self.texts), dtype=np.float32)
        return np.asarray(self.by_feature[query.indices].T @ query.data).ravel()

    def lessons_of_row(self, row: int) -> np.ndarray:
        """Positions (into lesson_ids) of the lessons whose normalised text is this row's."""
        return self.row_lessons[self.row_starts[row]:self.row_starts[row + 1]]

    def matrix(self) -> sp.csr_matrix:
        """Distinct texts × n-grams, TF-IDF, row-major (for the grouping)."""
        return self.by_feature.T.tocsr()


_cache: OrderedDict[int, LessonIndex] = OrderedDict()
_dirty: set[int] = set()
_lock = threading.Lock()
_build_locks: dict[int, threading.Lock] = {}
# Indexes kept per process (least recently used first out).
CACHE_SIZE = 16
# Rebuild from scratch (dropping wordings no lesson has any more) when that many rows are orphans.
ORPHAN_FRACTION = 0.3


def _generation_key(authority_id: int) -> str:
    return f"lessons:similarity:generation:{authority_id}"


def _fingerprint(authority_id: int) -> tuple:
    """(number of lessons, highest id, change counter): additions move the first two, and every save or
    delete of a lesson (in any process) bumps the counter kept in the shared cache."""
    from .models import Lesson

    row = Lesson.objects.filter(authority_id=authority_id).aggregate(n=Count("id"), top=Max("id"))
    return (row["n"] or 0, row["top"] or 0, cache.get(_generation_key(authority_id), 0))


def _fetch(authority_id: int, *, after_id: int = 0) -> list[tuple[int, int, str]]:
    """(id, review_id, normalised text) of the authority's lessons with an id above after_id."""
    from .models import Lesson

    qs = Lesson.objects.filter(authority_id=authority_id)
    if after_id:
        qs = qs.filter(id__gt=after_id)
    rows = list(qs.order_by("id").values_list("id", "review_id", "normalized_text"))
    missing = [r[0] for r in rows if not r[2]]
    if missing:
        # Rows written without the service (imports, old data): normalise here.
        raw = dict(Lesson.objects.filter(id__in=missing).values_list("id", "text"))
        rows = [(i, rv, t or normalize(raw.get(i, ""))) for i, rv, t in rows]
    return rows


def _assemble(index: LessonIndex, fingerprint: tuple, rows: list, *, keep_texts: bool) -> LessonIndex:
    """A new index for the lessons `rows` (all of them), reusing the vectorised texts of `index`."""
    texts = list(index.texts) if keep_texts else []
    text_row = dict(index.text_row) if keep_texts else {}
    counts = index.counts if keep_texts else None
    new_texts = []
    lesson_rows = np.empty(len(rows), dtype=np.int64)
    for i, (_id, _review, text) in enumerate(rows):
        r = text_row.get(text)
        if r is None:
            r = text_row[text] = len(texts)
            texts.append(text)
            new_texts.append(text)
        lesson_rows[i] = r
    if new_texts:
        added = char_ngrams(new_texts)
        counts = added if counts is None else sp.vstack([counts, added], format="csr")
    if counts is None:
        counts = sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    result = LessonIndex(fingerprint=fingerprint, texts=texts, text_row=text_row, counts=counts)
    if counts.shape[0]:
        result.transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
        result.by_feature = result.transformer.transform(counts).astype(np.float32).T.tocsr()
    result.lesson_ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    result.lesson_reviews = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
    result.lesson_rows = lesson_rows
    result.row_lessons = np.argsort(lesson_rows, kind="stable")
    result.row_starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(lesson_rows, minlength=len(texts)), out=result.row_starts[1:])
    return result


def _refresh(authority_id: int, old: LessonIndex | None, fingerprint: tuple, dirty: bool) -> LessonIndex:
    count, top, generation = fingerprint
    if (old is not None and old.fingerprint and not dirty and generation == old.fingerprint[2]
            and count > old.fingerprint[0] and top > old.fingerprint[1]):
        # Only additions? Then fetch the new rows alone.
        added = _fetch(authority_id, after_id=old.fingerprint[1])
        if len(added) == count - old.fingerprint[0]:
            previous = [(int(i), int(rv), old.texts[int(row)]) for i, rv, row in
                        zip(old.lesson_ids, old.lesson_reviews, old.lesson_rows, strict=True)]
            return _assemble(old, fingerprint, previous + added, keep_texts=True)
    rows = _fetch(authority_id)
    keep = old is not None and old.counts is not None
    if keep:
        live = {r[2] for r in rows}
        orphans = sum(1 for t in old.texts if t not in live)
        keep = orphans <= ORPHAN_FRACTION * max(1, len(old.texts))
    return _assemble(old or LessonIndex(), fingerprint, rows, keep_texts=keep)


def index_for(authority) -> LessonIndex:
    """The authority's similarity index, refreshed if its lessons changed (one aggregate query when not)."""
    authority_id = getattr(authority, "pk", authority)
    with scopes_disabled():
        fingerprint = _fingerprint(authority_id)
        with _lock:
            index = _cache.get(authority_id)
            if index is not None and index.fingerprint == fingerprint and authority_id not in _dirty:
                _cache.move_to_end(authority_id)
                return index
            build_lock = _build_locks.setdefault(authority_id, threading.Lock())
        with build_lock:
            with _lock:
                index = _cache.get(authority_id)
                dirty = authority_id in _dirty
                if index is not None and index.fingerprint == fingerprint and not dirty:
                    return index
                _dirty.discard(authority_id)
            index = _refresh(authority_id, index, fingerprint, dirty)
            with _lock:
                _cache[authority_id] = index
                _cache.move_to_end(authority_id)
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
    return index


def forget(authority=None) -> None:
    """Drop cached indexes (all, or one authority's)."""
    with _lock:
        if authority is None:
            _cache.clear()
        else:
            _cache.pop(getattr(authority, "pk", authority), None)


@receiver(post_save, sender="lessons.Lesson", dispatch_uid="lessons_similarity_saved")
@receiver(post_delete, sender="lessons.Lesson", dispatch_uid="lessons_similarity_deleted")
def _lesson_changed(sender, instance, **kwargs) -> None:
    """An edit changes neither the count nor the highest id: tell this process at once, and the others
    through the generation counter in the shared cache."""
    authority_id = instance.authority_id
    if not authority_id:
        return
    with _lock:
        _dirty.add(authority_id)
    key = _generation_key(authority_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=None)


# --- Similar lessons (the live hint) ----------------------------------------------------------------------


def similar_lessons(authority, text: str, limit: int = 5, exclude_review=None,
                    threshold: float = HINT_THRESHOLD) -> list[tuple]:
    """Earlier lessons of the authority similar to `text`, most similar first: [(lesson, score)].

    One lesson per wording (the latest), and near-identical wordings (the same lesson with another place
    or date) are folded into the first: lesson.same_wording_count says how many lessons it stands for.
    Lessons of `exclude_review` (a review or its id: the one being written) are left out. The lessons come
    with their review and event. Queries: the fingerprint (two), and one for the lessons.
    """
    from .models import Lesson

    normalized = normalize(text)
    if len(normalized) < MIN_QUERY_CHARS:
        return []
    index = index_for(authority)
    if not index.texts or index.by_feature is None:
        return []
    scores = index.scores(normalized)
    candidates = np.flatnonzero(scores >= threshold)
    candidates = candidates[np.argsort(-scores[candidates], kind="stable")][:MAX_CANDIDATES]
    exclude_id = getattr(exclude_review, "pk", exclude_review)
    found_rows: list[tuple[int, int, int]] = []  # (row, latest lesson id, lessons)
    for row in candidates:
        positions = index.lessons_of_row(int(row))
        if exclude_id is not None:
            positions = positions[index.lesson_reviews[positions] != exclude_id]
        if len(positions):
            found_rows.append((int(row), int(index.lesson_ids[positions].max()), len(positions)))
    if not found_rows:
        return []
    # Fold near-identical wordings into the most similar one.
    vectors = index.transformer.transform(char_ngrams([index.texts[r] for r, _, _ in found_rows]))
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
    authority_id = getattr(authority, "pk", authority)
    with scopes_disabled():
        found = Lesson.objects.filter(authority_id=authority_id, pk__in=[found_rows[i][1] for i in chosen])
        found = found.select_related("review", "review__event", "department").in_bulk()
    result = []
    for i in chosen:
        row, lesson_id, _n = found_rows[i]
        lesson = found.get(lesson_id)
        if lesson is None:  # deleted since the index was built
            continue
        score = round(float(scores[row]), 3)
        lesson.similarity = score
        lesson.same_wording_count = represented[i]
        result.append((lesson, score))
    return result


# --- Recurring lessons: grouping similar wordings --------------------------------------------------------

# Up to this many distinct wordings, every pair is compared exactly; above it, pairs are first chosen by
# their rarest shared n-grams (a wording's most distinctive parts), then compared exactly.
EXACT_PAIRS_LIMIT = 1000
RARE_NGRAMS_PER_TEXT = 10
MAX_CANDIDATE_DF = 300
# A candidate pair shares at least this many of one text's rarest n-grams.
MIN_SHARED_RARE = 2
_CHUNK = 500


def _exact_edges(matrix: sp.csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    transposed = matrix.T.tocsr()
    rows, cols, vals = [], [], []
    for start in range(0, matrix.shape[0], _CHUNK):
        block = (matrix[start:start + _CHUNK] @ transposed).tocoo()
        keep = (block.data >= threshold) & (block.row + start < block.col)
        rows.append(block.row[keep] + start)
        cols.append(block.col[keep])
        vals.append(block.data[keep])
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def _candidate_edges(matrix: sp.csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs that share one of either text's rarest n-grams, scored exactly."""
    n_rows = matrix.shape[0]
    binary = matrix.copy()
    binary.data = np.ones_like(binary.data)
    df = np.bincount(binary.indices, minlength=N_FEATURES)
    useful = (df >= 2) & (df <= MAX_CANDIDATE_DF)
    # Rank columns rarest first; sorting each row's column indices by rank puts its rarest n-grams first.
    order = np.lexsort((np.arange(N_FEATURES), df + np.where(useful, 0, N_FEATURES * 4)))
    rank = np.empty(N_FEATURES, dtype=np.int32)
    rank[order] = np.arange(N_FEATURES, dtype=np.int32)
    ranked = sp.csr_matrix((np.ones(binary.nnz, dtype=np.float32), rank[binary.indices], binary.indptr.copy()),
                           shape=binary.shape)
    ranked.sort_indices()
    lengths = np.diff(ranked.indptr)
    position = np.arange(ranked.nnz) - np.repeat(ranked.indptr[:-1], lengths)
    keep = (position < RARE_NGRAMS_PER_TEXT) & useful[order[ranked.indices]]
    rare_rows = np.repeat(np.arange(n_rows), lengths)[keep]
    rare = sp.csr_matrix((np.ones(int(keep.sum()), dtype=np.float32), (rare_rows, order[ranked.indices[keep]])),
                         shape=binary.shape)
    all_useful = binary.multiply(useful.astype(np.float32)).tocsr()
    transposed = all_useful.T.tocsr()
    pairs_a, pairs_b = [], []
    for start in range(0, n_rows, _CHUNK * 4):
        block = (rare[start:start + _CHUNK * 4] @ transposed).tocoo()
        a = block.row + start
        b = block.col
        keep_pair = (a != b) & (block.data >= MIN_SHARED_RARE)
        lo = np.minimum(a[keep_pair], b[keep_pair])
        hi = np.maximum(a[keep_pair], b[keep_pair])
        pairs_a.append(lo)
        pairs_b.append(hi)
    a = np.concatenate(pairs_a)
    b = np.concatenate(pairs_b)
    if len(a) == 0:
        return a, b, np.zeros(0, dtype=np.float32)
    pair_key = _distinct(a.astype(np.int64) * n_rows + b)
    a, b = pair_key // n_rows, pair_key % n_rows
    scores = np.empty(len(a), dtype=np.float32)
    for start in range(0, len(a), 50_000):
        sl = slice(start, start + 50_000)
        scores[sl] = np.asarray(matrix[a[sl]].multiply(matrix[b[sl]]).sum(axis=1)).ravel()
    keep = scores >= threshold
    return a[keep], b[keep], scores[keep]


def _star_groups(n_rows: int, weight: np.ndarray, a: np.ndarray, b: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Group label (a leader row) per row. Leaders are picked greedily, most frequent wording first, among
    rows with no leader neighbour; every other row joins its most similar leader. Unlike connected
    components, a chain of pairwise-similar wordings does not glue unrelated themes together."""
    labels = np.arange(n_rows, dtype=np.int64)
    if len(a) == 0:
        return labels
    adjacency = sp.coo_matrix((np.concatenate([s, s]), (np.concatenate([a, b]), np.concatenate([b, a]))),
                              shape=(n_rows, n_rows)).tocsr()
    degree = np.diff(adjacency.indptr)
    connected = np.flatnonzero(degree)
    order = connected[np.lexsort((connected, -weight[connected]))]
    leader = np.zeros(n_rows, dtype=bool)
    leader[degree == 0] = True
    indptr, indices = adjacency.indptr, adjacency.indices
    for row in order:
        if not leader[indices[indptr[row]:indptr[row + 1]]].any():
            leader[row] = True
    coo = adjacency.tocoo()
    to_leader = ~leader[coo.row] & leader[coo.col]
    r, c, v = coo.row[to_leader], coo.col[to_leader], coo.data[to_leader]
    best = np.lexsort((-v, r))
    r, c = r[best], c[best]
    first = np.concatenate(([True], r[1:] != r[:-1])) if len(r) else np.zeros(0, dtype=bool)
    labels[r[first]] = c[first]
    return labels


def wording_groups(index: LessonIndex, threshold: float = GROUP_THRESHOLD) -> np.ndarray:
    """The recurring-lessons group (a leader row) of every distinct wording, cached on the index."""
    if index.groups is not None:
        return index.groups
    n_rows = len(index.texts)
    if n_rows == 0 or index.by_feature is None:
        index.groups = np.zeros(0, dtype=np.int64)
        return index.groups
    weight = np.diff(index.row_starts).astype(np.int64)
    live = np.flatnonzero(weight)
    matrix = index.matrix()[live]
    if len(live) <= EXACT_PAIRS_LIMIT:
        a, b, s = _exact_edges(matrix, threshold)
    else:
        a, b, s = _candidate_edges(matrix, threshold)
    local = _star_groups(len(live), weight[live], a, b, s)
    groups = np.full(n_rows, -1, dtype=np.int64)
    groups[live] = live[local]
    index.groups = groups
    return groups
