"""Who may reach the event and review pages: the auditor and the viewer read but cannot write anything
(403, and refused writes are logged); a member of another authority gets 404 on every page."""

import pytest
from django.test import Client
from django_scopes import scope

from conftest import verified_login
from merhav.audit.models import AuditEntry
from merhav.lessons.models import SectionComment
from merhav.lessons.services.reviews import add_comment
from merhav.tenancy.roles import Role

from .factories import ReviewFactory
from .support import add_lesson, make_people, section, url


@pytest.fixture
def world(authority, staff, ceo, auditor, make_user):
    """A review where the auditor is even the facilitator and a participant: still no writing."""
    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=auditor,
                           participants=[staff, auditor, *make_people(make_user, authority, 3)], draft=True)
    lesson = add_lesson(review, by=staff, text="לקח", key=False, level="system")
    with scope(authority=authority):
        comment = add_comment(section=section(review, 1), text="הערה", by=staff)
    return {"review": review, "event": review.event, "lesson": lesson, "comment": comment}


def write_pages(authority, w):
    """(url, method, data) for every page that writes."""
    review, event, lesson, comment = w["review"], w["event"], w["lesson"], w["comment"]
    r = {"review_id": review.pk}
    event_data = {"title": "x", "kind": "other", "starts_on": "2025-10-01", "version": event.version}
    return [
        (url("event_create", authority), "get", None),
        (url("event_create", authority), "post", event_data),
        (url("event_edit", authority, event_id=event.pk), "get", None),
        (url("event_edit", authority, event_id=event.pk), "post", event_data),
        (url("review_create", authority), "get", None),
        (url("review_create", authority), "post", {"event": event.pk, "meeting_date": str(event.ends_on)}),
        (url("review_edit", authority, **r), "get", None),
        (url("review_edit", authority, **r), "post", {"meeting_date": str(event.ends_on), "version": review.version}),
        (url("section_edit", authority, **r, question=1), "get", None),
        (url("section_edit", authority, **r, question=1), "post", {"text": "x", "version": 1}),
        (url("section_autosave", authority, **r, question=1), "post", {"text": "x", "version": 1}),
        (url("comment_add", authority, **r, question=1), "post", {"text": "x"}),
        (url("comment_delete", authority, **r, comment_id=comment.pk), "post", {}),
        (url("lesson_create", authority, **r), "get", None),
        (url("lesson_create", authority, **r), "post", {"text": "x", "level": "local"}),
        (url("lesson_edit", authority, lesson_id=lesson.pk), "get", None),
        (url("lesson_edit", authority, lesson_id=lesson.pk), "post", {"text": "x", "level": "local", "version": 1}),
        (url("lesson_key", authority, lesson_id=lesson.pk), "post", {"is_key": "1"}),
        (url("review_hold", authority, **r), "post", {}),
        (url("review_complete", authority, **r), "post", {}),
        (url("review_reopen", authority, **r), "post", {}),
    ]


def read_pages(authority, w):
    return [
        url("index", authority),
        url("event_list", authority),
        url("event_detail", authority, event_id=w["event"].pk),
        url("review_detail", authority, review_id=w["review"].pk),
        url("examples", authority),
    ]


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.VIEWER])
def test_readers_are_refused_every_write_and_it_is_logged(authority, world, role, auditor, make_user):
    reader = auditor if role == Role.AUDITOR else make_user(authority=authority, role=Role.VIEWER)
    client = verified_login(Client(), reader)
    for address in read_pages(authority, world):
        assert client.get(address).status_code == 200, address
    refused_posts = 0
    for address, method, data in write_pages(authority, world):
        response = client.post(address, data) if method == "post" else client.get(address)
        assert response.status_code == 403, (method, address, response.status_code)
        refused_posts += method == "post"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=reader).count() == refused_posts
    assert section(world["review"], 1).text == ""
    with scope(authority=authority):
        assert SectionComment.objects.count() == 1


def test_the_auditor_sees_no_write_buttons(authority, world, auditor):
    client = verified_login(Client(), auditor)
    body = client.get(url("review_detail", authority, review_id=world["review"].pk)).content.decode()
    assert "data-autosave-url" not in body
    assert url("lesson_create", authority, review_id=world["review"].pk) not in body
    assert url("review_hold", authority, review_id=world["review"].pk) not in body
    assert 'name="text"' not in body  # no section or comment forms


def test_an_outsider_gets_404_everywhere(authority, world, outsider):
    client = verified_login(Client(), outsider)
    for address in read_pages(authority, world):
        assert client.get(address).status_code == 404, address
    for address, method, data in write_pages(authority, world):
        response = client.post(address, data) if method == "post" else client.get(address)
        assert response.status_code == 404, (method, address)


def test_an_id_of_another_authority_is_404_in_mine(authority, other_authority, world, outsider, staff):
    foreign = ReviewFactory(authority=other_authority, created_by=outsider, draft=True)
    client = verified_login(Client(), staff)
    assert client.get(url("review_detail", authority, review_id=foreign.pk)).status_code == 404
    assert client.get(url("event_detail", authority, event_id=foreign.event_id)).status_code == 404
