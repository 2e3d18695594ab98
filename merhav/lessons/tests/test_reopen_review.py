"""A completed review is read-only; the CEO reopens it, and the reopening is logged and counted."""

import pytest
from django.test import Client

from conftest import verified_login
from merhav.audit.models import AuditEntry
from merhav.lessons.models import Review
from merhav.lessons.services.reviews import complete_review

from .factories import ReviewFactory
from .support import add_lesson, held, make_people, reload, section, url


@pytest.fixture
def completed(authority, staff, ceo, make_user):
    review = ReviewFactory(authority=authority, created_by=staff, facilitator=staff,
                           participants=make_people(make_user, authority, 4), draft=True)
    held(review, by=staff)
    add_lesson(review, by=staff, text="לקח מפתח", key=True)
    complete_review(review=review, by=ceo)
    return reload(review)


def test_a_completed_review_cannot_be_edited(authority, completed, staff):
    client = verified_login(Client(), staff)
    version = section(completed, 1).version
    response = client.post(url("section_edit", authority, review_id=completed.pk, question=1),
                           {"text": "שינוי", "version": version})
    assert response.status_code == 403
    assert section(completed, 1).text == ""
    assert client.get(url("lesson_create", authority, review_id=completed.pk)).status_code == 403


def test_the_ceo_reopens_and_it_is_logged(login, authority, completed, staff, ceo):
    response = login(ceo).post(url("review_reopen", authority, review_id=completed.pk))
    assert response.status_code == 302
    review = reload(completed)
    assert (review.status, review.reopen_count) == (Review.Status.HELD, 1)
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_type="lessons.review",
                                      object_id=str(review.pk)).first()
    assert entry.user == ceo and entry.fields == ["reopen_count", "status"]
    # Now it can be edited again.
    client = verified_login(Client(), staff)
    saved = client.post(url("section_edit", authority, review_id=review.pk, question=1),
                        {"text": "תיקון אחרי פתיחה", "version": section(review, 1).version})
    assert saved.status_code == 302


def test_only_the_ceo_reopens(login, authority, completed, staff):
    assert login(staff).post(url("review_reopen", authority, review_id=completed.pk)).status_code == 403
    assert reload(completed).status == Review.Status.COMPLETED


def test_reopening_twice_counts_twice(login, authority, completed, ceo):
    client = login(ceo, language="en")
    client.post(url("review_reopen", authority, review_id=completed.pk))
    complete_review(review=reload(completed), by=ceo)
    client.post(url("review_reopen", authority, review_id=completed.pk))
    assert reload(completed).reopen_count == 2
    body = client.get(url("review_detail", authority, review_id=completed.pk)).content.decode()
    assert "2 times" in body
