"""API: lessons — list with filters, add to a review, read, update (stale → 409), mark key (a fourth → 422)."""

from django_scopes import scope

from merhav.lessons.models import Lesson
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .api_support import token_api
from .factories import ActionItemFactory, LessonFactory, ReviewFactory


def test_list_lessons_across_reviews_with_filters(authority, staff, ceo):
    first = ReviewFactory(authority=authority, created_by=ceo, title="first")
    second = ReviewFactory(authority=authority, created_by=ceo, title="second")
    key = LessonFactory(review=first, text="הודעות נצורות", is_key=True)
    LessonFactory(review=second, text="רכז קליטה", is_key=False)
    ActionItemFactory(review=first, owner=staff, lesson=key)
    api = token_api(staff, authority)

    items = api.get("lessons").json()["items"]
    assert {lesson["text"] for lesson in items} == {"הודעות נצורות", "רכז קליטה"}
    assert api.get("lessons", {"is_key": "true"}).json()["items"][0]["action_count"] == 1
    assert [x["text"] for x in api.get("lessons", {"review_id": second.pk}).json()["items"]] == ["רכז קליטה"]
    assert [x["text"] for x in api.get("lessons", {"level": "system"}).json()["items"]] == ["הודעות נצורות"]


def test_a_participant_adds_a_lesson_with_tags_and_department(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, participants=[staff])
    welfare = standard_department(authority, StandardDepartment.WELFARE)
    response = token_api(staff, authority).post(f"reviews/{review.pk}/lessons", {
        "text": "אין גורם מתכלל לקליטת מפונים", "tags": ["קליטה", "תיאום"], "department_id": welfare.pk,
        "level": "system", "is_key": True,
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_key"] is True and body["department"]["id"] == welfare.pk
    with scope(authority=authority):
        assert Lesson.objects.get().normalized_text  # filled by the service, for similar-lesson suggestions


def test_an_empty_lesson_is_refused_beside_the_text(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, participants=[staff])
    response = token_api(staff, authority).post(f"reviews/{review.pk}/lessons", {"text": ""})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["text"]


def test_a_fourth_key_lesson_is_refused_beside_the_field(authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo)
    for n in range(3):
        LessonFactory(review=review, text=f"key {n}", is_key=True)
    fourth = LessonFactory(review=review, text="fourth", is_key=False)
    with scope(authority=authority):
        Lesson.objects.filter(pk=fourth.pk).update(level=Lesson.Level.SYSTEM)
    api = token_api(ceo, authority)

    response = api.post(f"lessons/{fourth.pk}/key", {"is_key": True})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["is_key"]
    created = api.post(f"reviews/{review.pk}/lessons", {"text": "another", "level": "system", "is_key": True})
    assert created.status_code == 422
    assert list(created.json()["errors"]) == ["is_key"]
    with scope(authority=authority):
        assert Lesson.objects.filter(review=review, is_key=True).count() == 3
        assert Lesson.objects.filter(review=review).count() == 4


def test_mark_and_unmark_a_key_lesson(authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo)
    lesson = LessonFactory(review=review, is_key=True)
    api = token_api(ceo, authority)
    assert api.post(f"lessons/{lesson.pk}/key", {"is_key": False}).json()["is_key"] is False
    assert api.post(f"lessons/{lesson.pk}/key", {"is_key": True}).json()["is_key"] is True


def test_update_a_lesson_and_a_stale_update_is_a_conflict(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, participants=[staff])
    lesson = LessonFactory(review=review, text="ניסוח ראשון", is_key=False)
    response = token_api(staff, authority).patch(f"lessons/{lesson.pk}", {"version": 1, "text": "ניסוח שני"})
    assert response.status_code == 200, response.content
    assert response.json()["text"] == "ניסוח שני"
    assert response.json()["version"] == 2

    stale = token_api(ceo, authority).patch(f"lessons/{lesson.pk}", {"version": 1, "text": "ניסוח של המנכ\"ל"})
    assert stale.status_code == 409
    assert stale.json()["current"]["text"] == "ניסוח שני"
    assert stale.json()["yours"]["text"] == "ניסוח של המנכ\"ל"


def test_get_a_lesson_of_another_authority_is_not_found(authority, other_authority, staff, make_user):
    their_ceo = make_user(authority=other_authority, role="ceo")
    theirs = LessonFactory(review=ReviewFactory(authority=other_authority, created_by=their_ceo), is_key=True)
    assert token_api(staff, authority).get(f"lessons/{theirs.pk}").status_code == 404
