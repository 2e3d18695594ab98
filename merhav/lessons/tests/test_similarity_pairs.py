"""Finding recurring lessons beyond shared words: prefixes, endings and the domain's synonyms (and an
authority's own) bring up lessons told in other words, measured on a labelled set of pairs in Hebrew and
Arabic; precision does not drop. The figures in bench/results/lessons_similarity.json are the code's."""

import json
from datetime import date, timedelta
from pathlib import Path

from merhav.lessons.selectors.similar import similar_lessons
from merhav.lessons.services.synonyms import add_synonyms
from merhav.lessons.similarity import analyse, normalize, stems

from .factories import EventFactory, LessonFactory, ReviewFactory
from .similarity_eval import figures, load_pairs

RESULTS = Path(__file__).resolve().parents[3] / "bench" / "results" / "lessons_similarity.json"
DAY = date(2025, 11, 2)


def test_the_labelled_set_has_sixty_pairs_in_hebrew_and_arabic_of_both_kinds():
    pairs = load_pairs()
    assert len(pairs) >= 60
    for language in ("he", "ar"):
        kinds = {p["similar"] for p in pairs if p["lang"] == language}
        assert kinds == {True, False}


def test_recall_rises_and_precision_does_not_drop():
    pairs = load_pairs()
    before, after = figures(pairs, analysed=False), figures(pairs, analysed=True)
    assert after.precision >= before.precision
    assert after.recall > before.recall
    for language in ("he", "ar"):
        subset = [p for p in pairs if p["lang"] == language]
        assert figures(subset, analysed=True).precision >= figures(subset, analysed=False).precision
        assert figures(subset, analysed=True).recall > figures(subset, analysed=False).recall


def test_the_figures_in_the_repository_are_the_codes():
    stored = json.loads(RESULTS.read_text(encoding="utf-8"))
    pairs = load_pairs()
    for language, row in stored["by_language"].items():
        subset = [p for p in pairs if language == "all" or p["lang"] == language]
        assert row["before"]["recall"] == figures(subset, analysed=False).recall
        assert row["after"]["recall"] == figures(subset, analysed=True).recall
        assert row["after"]["precision"] == figures(subset, analysed=True).precision


def test_prefixes_and_endings_are_stripped_in_hebrew_and_arabic():
    assert "מוקד" in stems("והמוקד")
    assert "הודע" in stems("הודעות") or "הודעו" in stems("הודעות")
    assert "كهرباء" in stems("والكهرباء")
    assert "رسال" in stems(normalize("رسالات")) or "رسائل" in stems("ورسائل")


def test_synonyms_of_the_domain_share_a_marker():
    hotline, number = analyse(normalize("המוקד")), analyse(normalize("קו 106"))
    markers = lambda text: {word for word in text.split() if "\ue000" <= word[0] <= "\uf8ff"}  # noqa: E731
    assert markers(hotline) and markers(hotline) == markers(number)


def review_of(authority, days=0):
    event = EventFactory(authority=authority, starts_on=DAY + timedelta(days=days), ends_on=None)
    return ReviewFactory(event=event, meeting_date=DAY + timedelta(days=days + 2))


def found(authority, text):
    return [lesson.text for lesson, _score in similar_lessons(authority, text)]


def test_the_issues_examples_find_their_twins(authority):
    earlier = review_of(authority)
    sealed = LessonFactory(review=earlier, text="חסרות הודעות נצורות לפגיעה בתשתיות").text
    hotline = LessonFactory(review=earlier, text="המוקד העירוני הוצף בשיחות ולא נתן מענה לתושבים").text
    LessonFactory(review=earlier, text="שיבוץ ילדי המפונים בבתי הספר התעכב")
    assert found(authority, "אין הודעות מוכנות מראש כשנפגעת התשתית")[:1] == [sealed]
    assert found(authority, "הוצף המוקד בשיחות")[:1] == [hotline]


def score_of(authority, typed, text) -> float:
    return dict((lesson.text, score) for lesson, score in similar_lessons(authority, typed, threshold=0)).get(text, 0)


def test_an_authoritys_own_synonyms_join_the_domains(authority, authority_admin):
    earlier = review_of(authority)
    lesson = LessonFactory(review=earlier, text="צוות גבעה ירוקה לא הגיע לבית האבות").text
    typed = "הסיירת השכונתית לא הגיעה לבית האבות"
    before = score_of(authority, typed, lesson)
    add_synonyms(authority=authority, words="צוות גבעה ירוקה, הסיירת השכונתית", by=authority_admin)
    after = score_of(authority, typed, lesson)
    assert after > before + 0.05
