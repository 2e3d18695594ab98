"""While a lesson is typed, similar earlier lessons of the authority are suggested — in Hebrew and in
Arabic, whatever the niqqud, tashkeel, final letters or alef forms — from an index that follows new and
edited lessons (test_lessons_analysis.py: the index the worker stores)."""

from datetime import date, timedelta

import pytest
from django_scopes import scope

from merhav.lessons.models import Lesson
from merhav.lessons.selectors.similar import similar_lessons
from merhav.lessons.services import lessons as lesson_services
from merhav.lessons.tasks import refresh_lessons_analysis

from .factories import EventFactory, LessonFactory, ReviewFactory
from .support import url

DAY = date(2025, 6, 1)
POWER_HE = "לא היו הודעות נצורות מוכנות לפגיעה בתשתית החשמל"
BUSES_HE = "ההסעות לבתי הספר לא תואמו עם ההורים"
POWER_AR = "لم تكن هناك رسائل معدة مسبقا لانقطاع الكهرباء"
BUSES_AR = "لم يتم تنسيق الحافلات مع المدارس"


def review_of(authority, days=0, title="תחקיר"):
    event = EventFactory(authority=authority, starts_on=DAY + timedelta(days=days), title=f"אירוע {days}", ends_on=None)
    return ReviewFactory(event=event, meeting_date=DAY + timedelta(days=days + 2), title=title)


def texts(results):
    return [lesson.text for lesson, _score in results]


def test_a_similar_earlier_hebrew_lesson_is_suggested(authority):
    earlier = review_of(authority)
    LessonFactory(review=earlier, text=POWER_HE)
    LessonFactory(review=earlier, text=BUSES_HE)
    typed = "אֵין הוֹדָעוֹת נְצוּרוֹת מוּכָנוֹת לִפְגִיעוֹת בְּתַשְׁתִּיּוֹת"  # with niqqud, other endings
    results = similar_lessons(authority, typed)
    assert texts(results) == [POWER_HE]
    lesson, score = results[0]
    assert 0.3 <= score <= 1
    assert lesson.review.event.title  # comes with its review and event


def test_a_similar_earlier_arabic_lesson_is_suggested(authority):
    earlier = review_of(authority)
    LessonFactory(review=earlier, text=POWER_AR)
    LessonFactory(review=earlier, text=BUSES_AR)
    typed = "لَمْ تَكُنْ هُنَاكَ رَسَائِلُ مُعَدَّةٌ مُسْبَقًا لِإنْقِطَاعِ الكَهْرَبَاءِ فِي المَدْرَسَةِ"
    assert texts(similar_lessons(authority, typed)) == [POWER_AR]


def test_unrelated_and_too_short_texts_suggest_nothing(authority):
    LessonFactory(review=review_of(authority), text=POWER_HE)
    assert similar_lessons(authority, "תקציב הספרייה העירונית לשנה הבאה") == []
    assert similar_lessons(authority, "הודעות") == []  # too short to look up
    assert similar_lessons(authority, "") == []


def test_the_review_being_written_is_left_out(authority):
    earlier, current = review_of(authority), review_of(authority, days=30)
    LessonFactory(review=earlier, text=POWER_HE)
    LessonFactory(review=current, text="לא היו הודעות נצורות מוכנות לפגיעה בתשתית המים")
    results = similar_lessons(authority, "אין הודעות נצורות מוכנות לפגיעה בתשתיות", exclude_review=current)
    assert [lesson.review_id for lesson, _ in results] == [earlier.pk]


def test_the_same_lesson_recorded_in_many_reviews_is_suggested_once(authority):
    for days in (0, 40, 80):
        LessonFactory(review=review_of(authority, days), text=POWER_HE)
    results = similar_lessons(authority, POWER_HE)
    assert len(results) == 1
    assert results[0][0].same_wording_count == 3


def test_other_authorities_lessons_are_never_suggested(authority, other_authority):
    LessonFactory(review=review_of(other_authority), text=POWER_HE)
    assert similar_lessons(authority, POWER_HE) == []


def test_the_index_follows_new_and_edited_lessons(authority, ceo):
    review = review_of(authority)
    LessonFactory(review=review, text=BUSES_HE)
    assert similar_lessons(authority, POWER_HE) == []
    added = lesson_services.add_lesson(review=review, text=POWER_HE, by=ceo)
    assert texts(similar_lessons(authority, POWER_HE)) == [POWER_HE]
    lesson_services.update_lesson(lesson=added, by=ceo, version=added.version, text="תקציב הספרייה העירונית")
    assert similar_lessons(authority, POWER_HE) == []


def test_the_index_sees_rows_written_without_the_services(authority):
    """Bulk inserts leave normalized_text empty: the index normalises such texts itself."""
    review = review_of(authority)
    LessonFactory(review=review, text=BUSES_HE)
    with scope(authority=authority):
        Lesson.objects.bulk_create([Lesson(authority=authority, review=review, text=POWER_HE)])
    assert texts(similar_lessons(authority, POWER_HE)) == [POWER_HE]


@pytest.mark.parametrize("count", [5, 40])
def test_a_suggestion_costs_a_fixed_number_of_queries(authority, count, run_tasks, settings,
                                                      django_assert_num_queries):
    settings.MERHAV_LESSONS_SYNC_LIMIT = 0  # the index the worker stored, whatever the size
    review = review_of(authority)
    for n in range(count):
        LessonFactory(review=review, text=f"{POWER_HE} {n}")
    refresh_lessons_analysis.enqueue(authority_id=authority.pk)
    run_tasks()
    with django_assert_num_queries(3):  # the data version, the stored index, the lessons
        assert similar_lessons(authority, POWER_HE)


def test_the_live_hint_endpoint_answers_json(login, staff, authority):
    earlier = review_of(authority)
    lesson = LessonFactory(review=earlier, text=POWER_HE)
    current = review_of(authority, days=30)
    response = login(staff).get(url("similar_lessons", authority), {"text": "אין הודעות נצורות לפגיעה בתשתיות",
                                                                   "review": current.pk})
    assert response.status_code == 200
    data = response.json()
    assert [item["text"] for item in data["results"]] == [POWER_HE]
    assert data["results"][0]["url"].endswith(f"/reviews/{earlier.pk}/#lesson-{lesson.pk}")
    assert data["heading"]


def test_the_live_hint_leaves_out_the_review_being_written(login, staff, authority):
    current = review_of(authority)
    LessonFactory(review=current, text=POWER_HE)
    response = login(staff).get(url("similar_lessons", authority), {"text": POWER_HE, "review": current.pk})
    assert response.json()["results"] == []


def test_the_auditor_may_read_the_hint_and_the_outsider_gets_404(login, auditor, outsider, authority):
    LessonFactory(review=review_of(authority), text=POWER_HE)
    assert login(auditor).get(url("similar_lessons", authority), {"text": POWER_HE}).status_code == 200
    assert login(outsider).get(url("similar_lessons", authority), {"text": POWER_HE}).status_code == 404


def test_the_hint_endpoint_only_reads(login, staff, authority):
    assert login(staff).post(url("similar_lessons", authority), {"text": POWER_HE}).status_code == 405
