"""Similar and recurring lessons: text normalisation for Hebrew, Arabic and English, and character n-gram
TF-IDF similarity (scikit-learn: HashingVectorizer's char_wb 2–4-grams weighted by TfidfTransformer) over
the distinct wordings of an authority's lessons.

normalize() is called by the lesson services whenever a lesson's text is saved (Lesson.normalized_text).
The index and the wording groups are built by the worker from a version of the authority's data and
stored with it (see analysis.py); a request loads the stored index and never fits anything.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.db.models import Case, TextField, Value, When
from django_scopes import scopes_disabled
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.neighbors import radius_neighbors_graph
from sklearn.preprocessing import normalize as unit_rows

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


# --- The index of an authority's wordings ---------------------------------------------------------------

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

# Binary counts of scikit-learn's char_wb n-grams, hashed: nothing to fit, so a query is vectorised with
# the same columns as the index; an n-gram no wording has gets the highest IDF (it makes texts differ).
NGRAMS = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=2**20, alternate_sign=False,
                           norm=None, binary=True, lowercase=False, dtype=np.float32)


@dataclass
class WordingIndex:
    """The distinct normalised wordings of one authority's lessons as TF-IDF vectors, and which lesson has
    which. Kept as arrays only (no pickle), so that a stored index loads in a few milliseconds."""

    matrix: sp.csr_matrix  # wordings × n-gram columns, TF-IDF, rows of unit length
    features: np.ndarray  # the columns some wording has, sorted
    idf: np.ndarray  # their IDF
    unseen_idf: float  # the IDF of any other column
    lesson_ids: np.ndarray  # sorted (int32: a third less to load than int64)
    lesson_rows: np.ndarray  # each lesson's wording
    lesson_reviews: np.ndarray

    def vectors(self, normalized_texts: list[str]) -> sp.csr_matrix:
        counts = NGRAMS.transform(normalized_texts)
        if len(self.features):
            at = np.searchsorted(self.features, counts.indices).clip(max=len(self.features) - 1)
            counts.data = np.where(self.features[at] == counts.indices, self.idf[at], self.unseen_idf)
        return unit_rows(counts.astype(np.float32))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(buffer, data=self.matrix.data, indices=self.matrix.indices, indptr=self.matrix.indptr,
                 features=self.features, idf=self.idf, unseen_idf=np.array([self.unseen_idf]),
                 lesson_ids=self.lesson_ids, lesson_rows=self.lesson_rows, lesson_reviews=self.lesson_reviews)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> WordingIndex:
        with np.load(io.BytesIO(blob), allow_pickle=False) as a:
            shape = (len(a["indptr"]) - 1, NGRAMS.n_features)
            return cls(matrix=sp.csr_matrix((a["data"], a["indices"], a["indptr"]), shape=shape),
                       features=a["features"], idf=a["idf"], unseen_idf=float(a["unseen_idf"][0]),
                       lesson_ids=a["lesson_ids"], lesson_rows=a["lesson_rows"], lesson_reviews=a["lesson_reviews"])


def build_index(authority_id: int) -> WordingIndex:
    """The index of the authority's lessons as they are now (lessons written without the services and
    without normalized_text are normalised here)."""
    from .models import Lesson

    unnormalized = Case(When(normalized_text="", then="text"), default=Value(""), output_field=TextField())
    with scopes_disabled():
        rows = list(Lesson.objects.filter(authority_id=authority_id).order_by("id")
                    .values_list("id", "review_id", "normalized_text", unnormalized))
    row_of: dict[str, int] = {}  # distinct wording → its row
    lesson_rows = [row_of.setdefault(normalized or normalize(raw), len(row_of)) for _i, _r, normalized, raw in rows]
    wordings = list(row_of) or [""]
    counts = NGRAMS.transform(wordings)
    tfidf = TfidfTransformer().fit(counts)
    features = np.unique(counts.indices)
    return WordingIndex(
        matrix=tfidf.transform(counts).astype(np.float32).tocsr(), features=features,
        idf=tfidf.idf_[features].astype(np.float32), unseen_idf=float(np.log(1 + len(wordings)) + 1),
        lesson_ids=np.array([r[0] for r in rows], dtype=np.int32), lesson_rows=np.array(lesson_rows, dtype=np.int32),
        lesson_reviews=np.array([r[1] for r in rows], dtype=np.int32),
    )


# --- Recurring lessons: grouping similar wordings --------------------------------------------------------


def wording_groups(index: WordingIndex, threshold: float = GROUP_THRESHOLD) -> np.ndarray:
    """The recurring-lessons group (a leader wording) of every wording.

    Pairs at least `threshold` similar are found by scikit-learn (brute force, in chunks: it runs in the
    worker). Leaders are picked greedily, the wording of most lessons first, among wordings with no leader
    neighbour; every other wording joins its most similar leader. Unlike connected components, a chain of
    pairwise-similar wordings does not glue unrelated themes together."""
    n = index.matrix.shape[0]
    labels = np.arange(n, dtype=np.int64)
    if n < 2:
        return labels
    graph = radius_neighbors_graph(index.matrix, radius=1 - threshold, metric="cosine", mode="distance")
    graph.data = 1 - graph.data  # similarities
    weight = np.bincount(index.lesson_rows, minlength=n)
    degree = np.diff(graph.indptr)
    connected = np.flatnonzero(degree)
    leader = degree == 0
    for row in connected[np.lexsort((connected, -weight[connected]))]:
        if not leader[graph.indices[graph.indptr[row]:graph.indptr[row + 1]]].any():
            leader[row] = True
    edges = graph.tocoo()
    to_leader = ~leader[edges.row] & leader[edges.col]
    r, c, s = edges.row[to_leader], edges.col[to_leader], edges.data[to_leader]
    best = np.lexsort((-s, r))
    r, c = r[best], c[best]
    first = np.concatenate(([True], r[1:] != r[:-1])) if len(r) else np.zeros(0, dtype=bool)
    labels[r[first]] = c[first]
    return labels
