"""Without JavaScript, the lesson form's "check" button shows similar earlier lessons and saves nothing."""

from django.urls import NoReverseMatch
from django_scopes import scopes_disabled

from merhav.lessons.models import Lesson

from .factories import EventFactory, ReviewFactory
from .support import add_lesson, url


def test_check_shows_similar_earlier_lessons_without_saving(login, authority, staff, ceo):
    earlier = ReviewFactory(authority=authority, created_by=ceo,
                            event=EventFactory(authority=authority, created_by=ceo, title="הפסקת חשמל-קודמת"),
                            draft=True)
    add_lesson(earlier, by=ceo, text="יש להכין מראש הודעות נצורות לציבור למקרה של פגיעה בתשתיות")
    review = ReviewFactory(authority=authority, created_by=staff, facilitator=staff, participants=[staff], draft=True)
    response = login(staff).post(url("lesson_create", authority, review_id=review.pk), {
        "text": "צריך להכין מראש הודעות נְצוּרוֹת לציבור על פגיעה בתשתית", "level": "local", "check": "1",
    })
    body = response.content.decode()
    assert response.status_code == 200
    assert "יש להכין מראש הודעות נצורות לציבור למקרה של פגיעה בתשתיות" in body
    assert "הפסקת חשמל-קודמת" in body
    assert "צריך להכין מראש הודעות" in body  # the typed text is kept
    with scopes_disabled():
        assert not Lesson.objects.filter(review=review).exists()


def test_the_lesson_box_points_the_live_hint_at_its_endpoint(login, authority, staff):
    review = ReviewFactory(authority=authority, created_by=staff, facilitator=staff, participants=[staff], draft=True)
    body = login(staff).get(url("lesson_create", authority, review_id=review.pk)).content.decode()
    try:
        endpoint = url("similar_lessons", authority)
    except NoReverseMatch:  # the hint's endpoint is not installed: the form works without it
        assert "data-similar-url" not in body
    else:
        assert f'data-similar-url="{endpoint}"' in body and f'data-review-id="{review.pk}"' in body
    assert 'id="id_text"' in body and 'id="similar-lessons"' in body
