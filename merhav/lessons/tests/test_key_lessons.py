"""Lessons with tags, department and level; up to three key system-level lessons per review."""

import pytest
from django_scopes import scopes_disabled

from merhav.lessons.models import Lesson
from merhav.lessons.services.lessons import parse_tags
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .factories import ReviewFactory
from .support import add_lesson, make_people, reload, url


@pytest.fixture
def review(authority, staff, ceo, make_user):
    return ReviewFactory(authority=authority, created_by=ceo, facilitator=ceo,
                         participants=[staff, *make_people(make_user, authority, 3)], draft=True)


def test_a_participant_adds_a_lesson_with_tags_and_department(login, authority, review, staff):
    info = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    client = login(staff)
    form = client.get(url("lesson_create", authority, review_id=review.pk)).content.decode()
    assert 'id="id_text"' in form and 'id="similar-lessons"' in form
    response = client.post(url("lesson_create", authority, review_id=review.pk), {
        "text": "הודעות נְצוּרוֹת לפגיעה בתשתיות", "tags": "מוקד, הודעות נצורות ,מוקד", "department": info.pk,
        "level": "system", "is_key": "on",
    })
    assert response.status_code == 302
    with scopes_disabled():
        lesson = Lesson.objects.get(review=review)
    assert lesson.tags == ["מוקד", "הודעות נצורות"]
    assert (lesson.department, lesson.level, lesson.is_key, lesson.created_by) == (info, "system", True, staff)
    assert lesson.normalized_text == "הודעות נצורות לפגיעה בתשתיות"  # niqqud stripped for similarity


def test_tags_are_split_on_any_comma():
    assert parse_tags("מוקד، תשתיות; Hotline,  ,hotline") == ["מוקד", "תשתיות", "Hotline"]


def test_a_fourth_key_lesson_is_refused_with_a_clear_message(login, authority, review, staff):
    for n in range(3):
        add_lesson(review, by=staff, text=f"לקח מערכתי {n}", key=True)
    fourth = add_lesson(review, by=staff, text="לקח רביעי", level=Lesson.Level.SYSTEM)
    response = login(staff, language="en").post(url("lesson_key", authority, lesson_id=fourth.pk), {"is_key": "1"})
    assert response.status_code == 400
    assert "This review already has three key lessons" in response.content.decode()
    assert reload(fourth).is_key is False
    with scopes_disabled():
        assert Lesson.objects.filter(review=review, is_key=True).count() == 3


def test_a_fourth_key_lesson_is_refused_on_the_form_too(login, authority, review, staff):
    for n in range(3):
        add_lesson(review, by=staff, text=f"לקח מערכתי {n}", key=True)
    response = login(staff, language="en").post(url("lesson_create", authority, review_id=review.pk), {
        "text": "לקח רביעי", "level": "system", "is_key": "on",
    })
    body = response.content.decode()
    assert response.status_code == 400
    assert "This review already has three key lessons" in body and "לקח רביעי" in body
    with scopes_disabled():
        assert Lesson.objects.filter(review=review).count() == 3


def test_unmarking_frees_a_place(login, authority, review, staff):
    lessons = [add_lesson(review, by=staff, text=f"לקח {n}", key=True) for n in range(3)]
    fourth = add_lesson(review, by=staff, text="לקח רביעי", level=Lesson.Level.SYSTEM)
    client = login(staff)
    assert client.post(url("lesson_key", authority, lesson_id=lessons[0].pk), {"is_key": "0"}).status_code == 302
    assert client.post(url("lesson_key", authority, lesson_id=fourth.pk), {"is_key": "1"}).status_code == 302
    assert reload(fourth).is_key and not reload(lessons[0]).is_key


def test_a_local_lesson_cannot_be_key(login, authority, review, staff):
    response = login(staff, language="en").post(url("lesson_create", authority, review_id=review.pk), {
        "text": "לקח מקומי", "level": "local", "is_key": "on",
    })
    assert response.status_code == 400
    assert "A key lesson is a system-level lesson" in response.content.decode()


def test_editing_a_lesson_with_a_stale_version_keeps_both(login, authority, review, staff, ceo):
    lesson = add_lesson(review, by=staff, text="נוסח ראשון")
    data = {"text": "נוסח של הצוות", "level": "local", "version": lesson.version}
    assert login(ceo).post(url("lesson_edit", authority, lesson_id=lesson.pk),
                           {**data, "text": "נוסח המנכ\"ל"}).status_code == 302
    response = login(staff, language="en").post(url("lesson_edit", authority, lesson_id=lesson.pk), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this lesson" in body and "נוסח של הצוות" in body
    assert reload(lesson).text == "נוסח המנכ\"ל"


def test_the_review_page_counts_key_lessons_and_warns_below_three(login, authority, review, staff):
    add_lesson(review, by=staff, text="לקח מפתח", key=True)
    body = login(staff, language="en").get(url("review_detail", authority, review_id=review.pk)).content.decode()
    assert "Key system-level lessons: 1 of 3." in body
    assert "The seed asks for three key, system-level lessons." in body
