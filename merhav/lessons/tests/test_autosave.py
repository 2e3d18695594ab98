"""The autosave endpoint that review.js calls: JSON, with the new version, or 409 with the other text."""

import pytest
from django.test import Client

from conftest import verified_login
from merhav.audit.models import AuditEntry
from merhav.lessons.models import Question

from .factories import ReviewFactory
from .support import make_people, section, url


@pytest.fixture
def review(authority, staff, ceo, make_user):
    return ReviewFactory(authority=authority, created_by=ceo, facilitator=ceo,
                         participants=[staff, *make_people(make_user, authority, 3)], draft=True)


def _autosave(client, authority, review, question, text, version):
    return client.post(url("section_autosave", authority, review_id=review.pk, question=question),
                       {"text": text, "version": version}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


def test_a_draft_is_saved_and_the_new_version_returned(login, authority, review, staff):
    version = section(review, Question.WHAT_HAPPENED).version
    response = _autosave(login(staff), authority, review, Question.WHAT_HAPPENED, "המוקד הוצף", version)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == "saved" and data["version"] == version + 1
    assert section(review, Question.WHAT_HAPPENED).text == "המוקד הוצף"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_type="lessons.reviewsection",
                                     user=staff, fields=["text"]).exists()


def test_consecutive_drafts_chain_their_versions(login, authority, review, staff):
    client = login(staff)
    version = section(review, 1).version
    for text in ("א", "אב", "אבג"):
        version = _autosave(client, authority, review, 1, text, version).json()["version"]
    assert section(review, 1).text == "אבג"


def test_a_stale_draft_is_a_conflict_with_the_other_text(authority, review, staff, ceo):
    version = section(review, 1).version
    ceo_client = verified_login(Client(), ceo)
    assert _autosave(ceo_client, authority, review, 1, "הטקסט של המנכ\"ל", version).status_code == 200
    staff_client = verified_login(Client(), staff)
    response = _autosave(staff_client, authority, review, 1, "הטקסט שלי", version)
    assert response.status_code == 409
    data = response.json()
    assert data["status"] == "conflict"
    assert data["text"] == "הטקסט של המנכ\"ל" and data["updated_by"] == ceo.full_name
    assert section(review, 1).text == "הטקסט של המנכ\"ל"
    # The fallback (review.js submits the form normally) shows both texts to merge.
    page = staff_client.post(url("section_edit", authority, review_id=review.pk, question=1),
                             {"text": "הטקסט שלי", "version": version})
    assert page.status_code == 409 and "הטקסט שלי" in page.content.decode()


def test_autosave_accepts_only_post_and_a_version(login, authority, review, staff):
    client = login(staff)
    assert client.get(url("section_autosave", authority, review_id=review.pk, question=1)).status_code == 405
    response = _autosave(client, authority, review, 1, "x", "")
    assert response.status_code == 400 and response.json()["status"] == "invalid"


def test_no_such_question(login, authority, review, staff):
    assert _autosave(login(staff), authority, review, 6, "x", 1).status_code == 404


def test_the_review_page_wires_each_section_for_autosave(login, authority, review, staff):
    body = login(staff).get(url("review_detail", authority, review_id=review.pk)).content.decode()
    for question in Question.values:
        assert url("section_autosave", authority, review_id=review.pk, question=question) in body
    assert "lessons/review.js" in body and 'aria-live="polite"' in body
