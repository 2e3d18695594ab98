"""Two people editing the same answer: the second gets a conflict, both texts are kept, the merge saves.
Different answers never conflict: each section has its own version."""

import pytest
from django.test import Client

from conftest import verified_login
from merhav.lessons.models import Question

from .factories import ReviewFactory
from .support import make_people, section, url


@pytest.fixture
def review(authority, staff, ceo, make_user):
    return ReviewFactory(authority=authority, created_by=ceo, facilitator=ceo,
                         participants=[staff, *make_people(make_user, authority, 3)], draft=True)


def _client(user, language="en"):
    client = verified_login(Client(), user)
    session = client.session
    session["merhav_language"] = language
    session.save()
    return client


def test_the_second_editor_gets_both_texts_and_nothing_is_overwritten(authority, review, staff, ceo):
    goal = Question.GOAL
    version = section(review, goal).version
    ceo_client, staff_client = _client(ceo), _client(staff)
    first = ceo_client.post(url("section_edit", authority, review_id=review.pk, question=goal),
                            {"text": "להחזיר את החשמל תוך שעה", "version": version})
    assert first.status_code == 302
    second = staff_client.post(url("section_edit", authority, review_id=review.pk, question=goal),
                               {"text": "לתת לתושבים מידע ברור", "version": version})
    body = second.content.decode()
    assert second.status_code == 409
    assert "להחזיר את החשמל תוך שעה" in body and "לתת לתושבים מידע ברור" in body  # theirs and yours
    assert ceo.full_name in body  # who saved theirs
    stored = section(review, goal)
    assert stored.text == "להחזיר את החשמל תוך שעה" and stored.updated_by == ceo
    assert f'name="version" value="{stored.version}"' in body  # the merge carries the new version


def test_the_merge_saves_with_the_new_version(authority, review, staff, ceo):
    goal = Question.GOAL
    version = section(review, goal).version
    _client(ceo).post(url("section_edit", authority, review_id=review.pk, question=goal),
                      {"text": "טקסט ראשון", "version": version})
    staff_client = _client(staff)
    conflict = staff_client.post(url("section_edit", authority, review_id=review.pk, question=goal),
                                 {"text": "טקסט שני", "version": version})
    merge_form = conflict.context["form"]
    assert "טקסט ראשון" in merge_form.initial["text"] and "טקסט שני" in merge_form.initial["text"]
    merged = staff_client.post(url("section_edit", authority, review_id=review.pk, question=goal),
                               {"text": "טקסט ראשון וטקסט שני", "version": merge_form.initial["version"]})
    assert merged.status_code == 302
    stored = section(review, goal)
    assert (stored.text, stored.updated_by, stored.version) == ("טקסט ראשון וטקסט שני", staff, version + 2)


def test_different_sections_do_not_conflict(authority, review, staff, ceo):
    goal, happened = Question.GOAL, Question.WHAT_HAPPENED
    v_goal, v_happened = section(review, goal).version, section(review, happened).version
    assert _client(ceo).post(url("section_edit", authority, review_id=review.pk, question=goal),
                             {"text": "המטרה", "version": v_goal}).status_code == 302
    assert _client(staff).post(url("section_edit", authority, review_id=review.pk, question=happened),
                               {"text": "מה קרה", "version": v_happened}).status_code == 302
    assert section(review, goal).text == "המטרה"
    assert section(review, happened).text == "מה קרה"


def test_saving_the_same_text_again_is_not_a_conflict(authority, review, staff, ceo):
    goal = Question.GOAL
    version = section(review, goal).version
    _client(ceo).post(url("section_edit", authority, review_id=review.pk, question=goal),
                      {"text": "אותו טקסט", "version": version})
    response = _client(staff).post(url("section_edit", authority, review_id=review.pk, question=goal),
                                   {"text": "אותו טקסט", "version": version})
    assert response.status_code == 302


def test_a_member_who_is_not_a_participant_cannot_edit(authority, review, make_user):
    bystander = make_user(authority=authority)
    response = _client(bystander).post(url("section_edit", authority, review_id=review.pk, question=1),
                                       {"text": "x", "version": 1})
    assert response.status_code == 403
