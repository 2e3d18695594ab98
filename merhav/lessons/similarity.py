"""Similar and recurring lessons: text normalisation for Hebrew, Arabic and English, and character n-gram
TF-IDF similarity (scikit-learn: HashingVectorizer's char_wb 2–4-grams weighted by TfidfTransformer) over
the distinct wordings of an authority's lessons.

normalize() is called by the lesson services whenever a lesson's text is saved (Lesson.normalized_text).
The index and the wording groups are built by the worker from a version of the authority's data and
stored with it (see analysis.py); a request loads the stored index and never fits anything.
"""

from __future__ import annotations

import io
import json
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


# --- Stems and the domain's synonyms -------------------------------------------------------------------
#
# Character n-grams only find lessons that share words. Before vectorising, each normalised wording gets,
# beside its words: each word without its attached prefixes (Hebrew ו ה ב ל מ ש כ, Arabic و ال ب ل ف ك)
# and common plural/feminine endings, and one marker per concept of the domain's synonym list that it
# names (מוקד/106/קו חם, הודעה/מסר/עדכון …). Nothing is downloaded or learned: rules and a list, here.
# The labelled pairs in tests/data/similarity_pairs.json measure what this buys (docs/lessons-similarity.md).

# Stored with each index. When analyse() changes, a migration drops the stored analyses (the worker
# rebuilds them), so that no query is vectorised differently from the index it meets.
ANALYSER_VERSION = 2

_HEBREW_PREFIX_LETTERS = "והבלמשכ"
_ARABIC_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_HEBREW_SUFFIXES = ("יות", "ים", "ות", "ה", "ת", "י")
_ARABIC_SUFFIXES = ("يات", "ات", "ون", "ين", "ها", "هم", "ه", "ي")
MIN_STEM = 3


def _is_hebrew(word: str) -> bool:
    return all("\u05d0" <= ch <= "\u05ea" for ch in word)


def _is_arabic(word: str) -> bool:
    return all("\u0620" <= ch <= "\u064a" for ch in word)


def stems(word: str) -> list[str]:
    """The word's forms without attached prefixes and common endings (each at least MIN_STEM letters),
    the word itself first. Over-stripping a root letter is harmless: both sides are stripped alike, and the
    whole word is kept too."""
    forms = [word]
    if _is_hebrew(word):
        bare = word
        for _ in range(3):  # וכשה… : at most three prefix letters
            if len(bare) > MIN_STEM and bare[0] in _HEBREW_PREFIX_LETTERS:
                bare = bare[1:]
                forms.append(bare)
            else:
                break
        suffixes = _HEBREW_SUFFIXES
    elif _is_arabic(word):
        bare = word
        for prefix in _ARABIC_PREFIXES:
            if bare.startswith(prefix) and len(bare) - len(prefix) >= MIN_STEM:
                bare = bare[len(prefix):]
                forms.append(bare)
                break
        suffixes = _ARABIC_SUFFIXES
    else:
        return forms
    for form in list(forms):
        for suffix in suffixes:
            if form.endswith(suffix) and len(form) - len(suffix) >= MIN_STEM:
                forms.append(form[: -len(suffix)])
                break
    return list(dict.fromkeys(forms))


# The domain's synonyms, in Hebrew, Arabic and English: each group is one concept. Words are matched by
# their stems, phrases (several words) as they stand in the normalised text. Authority admins add their
# own groups (LessonSynonyms).
DOMAIN_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("מוקד", "106", "קו חם", "מוקדן", "מוקדנים", "מוקדנית", "call center", "call centre", "hotline",
     "مركز", "الخط الساخن", "خط ساخن", "مقسم"),
    ("הודעה", "הודעות", "מסר", "מסרים", "עדכון", "עדכונים", "התרעה", "הסברה", "פרסום", "message", "update",
     "notice", "announcement", "رسالة", "رسائل", "بلاغ", "تحديث", "تحديثات", "اعلان", "اعلانات", "اشعار"),
    ("תשתית", "תשתיות", "חשמל", "מים", "ביוב", "הפסקת חשמל", "infrastructure", "electricity", "power", "water",
     "بنية تحتية", "البنية التحتية", "كهرباء", "الكهرباء", "مياه", "ماء", "مجاري"),
    ("הוצף", "הצפה", "עומס", "עמוס", "קרס", "overload", "overloaded", "flooded", "swamped",
     "ضغط", "اكتظاظ", "غمر", "انهار", "انهيار"),
    ("שיחות", "שיחה", "פניות", "פנייה", "טלפונים", "calls", "inquiries", "مكالمات", "اتصالات", "توجهات"),
    ("נצורות", "נצורה", "מוכנות מראש", "מוכן מראש", "מראש", "תבנית", "תבניות", "ready made", "prepared",
     "in advance", "template", "جاهزة مسبقا", "معدة مسبقا", "مسبقا", "قوالب", "قالب"),
    ("תושבים", "תושב", "ציבור", "אזרחים", "residents", "public", "سكان", "السكان", "جمهور", "الجمهور", "مواطنين"),
    ("מפונים", "מפונה", "פינוי", "עקורים", "evacuees", "evacuation", "مهجرين", "نازحين", "مخلين", "اخلاء", "المهجرين"),
    ("מתכלל", "גורם מתכלל", "רכז", "רכזת", "coordinator", "منسق", "جهة منسقة"),
    ("מאגר", "מאגר מידע", "מערכת מידע", "נתונים", "database", "data", "information system",
     "قاعدة بيانات", "بيانات", "نظام معلومات", "معطيات"),
    ("בית ספר", "בתי ספר", "חינוך", "תלמידים", "school", "schools", "education", "pupils",
     "مدرسة", "مدارس", "تعليم", "طلاب"),
    ("הסעות", "הסעה", "תחבורה", "אוטובוס", "transport", "buses", "مواصلات", "نقل", "سفريات"),
    ("מתנדבים", "התנדבות", "מתנדב", "volunteers", "متطوعين", "تطوع", "متطوعون"),
    ("מקלט", "מקלטים", "מרחב מוגן", "ממד", "shelter", "shelters", "ملجا", "ملاجئ", "حيز محمي"),
    ("חסר", "חסרות", "חסרים", "מחסור", "אין", "לא היה", "לא היו", "missing", "lack", "نقص", "لا يوجد",
     "غياب", "لم يكن", "لم تكن"),
    ("נפגע", "נפגעה", "פגיעה", "נזק", "תקלה", "damage", "hit", "outage", "ضرر", "اضرار", "اصابة", "عطل", "انقطاع"),
)


@dataclass(frozen=True)
class Synonyms:
    """Lookup of concept markers: by word stem, and by phrase."""

    by_stem: dict[str, tuple[int, ...]]
    phrases: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, groups) -> Synonyms:
        by_stem: dict[str, set[int]] = {}
        phrases: list[tuple[str, int]] = []
        for concept, group in enumerate(groups):
            for entry in group:
                words = normalize(entry).split()
                if len(words) == 1:
                    for stem in stems(words[0])[:2]:  # the word, and without its prefix
                        by_stem.setdefault(stem, set()).add(concept)
                elif words:
                    phrases.append((" " + " ".join(words) + " ", concept))
        return cls({stem: tuple(sorted(c)) for stem, c in by_stem.items()}, tuple(phrases))


# A concept's marker is a token of MARKER_LENGTH characters of the Unicode Private Use Area, its own (no
# text has them, no other concept shares one): as many n-grams as a long word, so that naming the same
# concept in other words weighs like sharing a word.
MARKER_LENGTH = 8


def _marker(concept: int) -> str:
    start = 0xE000 + concept * MARKER_LENGTH
    return "".join(chr(start + i) for i in range(MARKER_LENGTH))


DEFAULT_SYNONYMS = Synonyms.of(DOMAIN_SYNONYMS)


def synonyms_with(extra_groups) -> Synonyms:
    """The domain's list and an authority's own groups (each a list of words or phrases)."""
    extra = [tuple(group) for group in extra_groups if group]
    return Synonyms.of(DOMAIN_SYNONYMS + tuple(extra)) if extra else DEFAULT_SYNONYMS


def analyse(normalized: str, synonyms: Synonyms = DEFAULT_SYNONYMS) -> str:
    """What is vectorised for a normalised wording: its words, their stems, and a marker per concept."""
    words = normalized.split()
    out: list[str] = []
    concepts: set[int] = set()
    for word in words:
        forms = stems(word)
        out.extend(forms)
        for form in forms:
            concepts.update(synonyms.by_stem.get(form, ()))
    padded = f" {normalized} "
    for phrase, concept in synonyms.phrases:
        if phrase in padded:
            concepts.add(concept)
    out.extend(_marker(concept) for concept in sorted(concepts))
    return " ".join(out)


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
    # The authority's own synonym groups the index was built with (the domain's list is always used).
    extra_synonyms: tuple[tuple[str, ...], ...] = ()

    @property
    def synonyms(self) -> Synonyms:
        return synonyms_with(self.extra_synonyms)

    def vectors(self, normalized_texts: list[str]) -> sp.csr_matrix:
        synonyms = self.synonyms
        counts = NGRAMS.transform([analyse(text, synonyms) for text in normalized_texts])
        if len(self.features):
            at = np.searchsorted(self.features, counts.indices).clip(max=len(self.features) - 1)
            counts.data = np.where(self.features[at] == counts.indices, self.idf[at], self.unseen_idf)
        return unit_rows(counts.astype(np.float32))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(buffer, data=self.matrix.data, indices=self.matrix.indices, indptr=self.matrix.indptr,
                 features=self.features, idf=self.idf, unseen_idf=np.array([self.unseen_idf]),
                 lesson_ids=self.lesson_ids, lesson_rows=self.lesson_rows, lesson_reviews=self.lesson_reviews,
                 analyser=np.array([ANALYSER_VERSION]), extra_synonyms=np.array(json.dumps(self.extra_synonyms)))
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> WordingIndex:
        with np.load(io.BytesIO(blob), allow_pickle=False) as a:
            shape = (len(a["indptr"]) - 1, NGRAMS.n_features)
            return cls(matrix=sp.csr_matrix((a["data"], a["indices"], a["indptr"]), shape=shape),
                       features=a["features"], idf=a["idf"], unseen_idf=float(a["unseen_idf"][0]),
                       lesson_ids=a["lesson_ids"], lesson_rows=a["lesson_rows"], lesson_reviews=a["lesson_reviews"],
                       extra_synonyms=tuple(tuple(g) for g in json.loads(str(a["extra_synonyms"])))
                       if "extra_synonyms" in a.files else ())


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
    extra = authority_synonyms(authority_id)
    synonyms = synonyms_with(extra)
    counts = NGRAMS.transform([analyse(wording, synonyms) for wording in wordings])
    tfidf = TfidfTransformer().fit(counts)
    features = np.unique(counts.indices)
    return WordingIndex(
        matrix=tfidf.transform(counts).astype(np.float32).tocsr(), features=features,
        idf=tfidf.idf_[features].astype(np.float32), unseen_idf=float(np.log(1 + len(wordings)) + 1),
        lesson_ids=np.array([r[0] for r in rows], dtype=np.int32), lesson_rows=np.array(lesson_rows, dtype=np.int32),
        lesson_reviews=np.array([r[1] for r in rows], dtype=np.int32), extra_synonyms=extra,
    )


def authority_synonyms(authority_id: int) -> tuple[tuple[str, ...], ...]:
    """The synonym groups the authority's admins added to the domain's list."""
    from .models import LessonSynonyms

    with scopes_disabled():
        rows = LessonSynonyms.objects.filter(authority_id=authority_id).order_by("id").values_list("words", flat=True)
        return tuple(tuple(parse_synonyms(words)) for words in rows)


def parse_synonyms(words: str) -> list[str]:
    """A group as typed: words or phrases separated by commas (or new lines)."""
    return [word.strip() for word in re.split(r"[,\n،]", words or "") if word.strip()]


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
