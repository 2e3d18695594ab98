"""draft → held → completed (CEO sign-off, follow-up scheduled); no key lesson refuses, fewer than three warns."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from merhav.lessons.models import FollowUp, Review

from .factories import ReviewFactory
from .support import add_lesson, held, make_people, reload, url


@pytest.fixture
def review(authority, staff, ceo, make_user):
    return ReviewFactory(authority=authority, created_by=staff, facilitator=staff,
                         participants=make_people(make_user, authority, 4), draft=True)


def test_the_facilitator_marks_the_review_held(login, authority, review, staff):
    response = login(staff).post(url("review_hold", authority, review_id=review.pk))
    assert response.status_code == 302
    review = reload(review)
    assert review.status == Review.Status.HELD and review.held_at is not None


def test_completing_with_no_key_lesson_is_refused(login, authority, review, staff, ceo):
    held(review, by=staff)
    add_lesson(review, by=staff, text="לקח מקומי")
    response = login(ceo, language="en").post(url("review_complete", authority, review_id=review.pk))
    assert response.status_code == 400
    assert "Mark at least one key lesson before completing the review" in response.content.decode()
    assert reload(review).status == Review.Status.HELD


def test_the_ceo_completes_and_the_follow_up_is_scheduled(login, authority, review, staff, ceo):
    held(review, by=staff)
    for n in range(3):
        add_lesson(review, by=staff, text=f"לקח {n}", key=True)
    response = login(ceo, language="en").post(url("review_complete", authority, review_id=review.pk), follow=True)
    review = reload(review)
    assert response.status_code == 200
    assert (review.status, review.completed_by) == (Review.Status.COMPLETED, ceo)
    assert review.follow_up_due == timezone.localdate() + timedelta(days=30)
    with scopes_disabled():
        assert FollowUp.objects.get(review=review).due_date == review.follow_up_due
    assert "three key, system-level lessons" not in response.content.decode()


def test_fewer_than_three_key_lessons_complete_with_a_warning(login, authority, review, staff, ceo, settings):
    settings.MERHAV_FOLLOW_UP_DAYS = 45
    held(review, by=staff)
    add_lesson(review, by=staff, text="לקח מפתח", key=True)
    response = login(ceo, language="en").post(url("review_complete", authority, review_id=review.pk), follow=True)
    assert "The review has 1 key lesson. The seed asks for three key, system-level lessons." in response.content.decode()
    review = reload(review)
    assert review.status == Review.Status.COMPLETED
    assert review.follow_up_due == timezone.localdate() + timedelta(days=45)


def test_only_the_ceo_signs_off(login, authority, review, staff):
    held(review, by=staff)
    add_lesson(review, by=staff, text="לקח מפתח", key=True)
    assert login(staff).post(url("review_complete", authority, review_id=review.pk)).status_code == 403
    assert reload(review).status == Review.Status.HELD


def test_a_draft_cannot_be_completed(login, authority, review, staff, ceo):
    add_lesson(review, by=staff, text="לקח מפתח", key=True)
    response = login(ceo, language="en").post(url("review_complete", authority, review_id=review.pk))
    assert response.status_code == 400
    assert "Mark the review as held before completing it." in response.content.decode()
