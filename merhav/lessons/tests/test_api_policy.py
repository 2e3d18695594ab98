"""API policy, the same as the pages': the auditor reads everything and writes nothing (403, logged); an
outsider (a CEO of another authority) gets 404 for everything; token and session both work; no login is 401."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.lessons.models import ActionItem, Event, Lesson, Review, ReviewSection
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .api_support import ApiClient, session_api, token_api
from .factories import ActionItemFactory, LessonFactory, ReviewFactory


@pytest.fixture
def world(authority, ceo, staff):
    """One of each object, with the staff member taking part in the review."""
    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=ceo, participants=[staff])
    lesson = LessonFactory(review=review, is_key=False)
    action = ActionItemFactory(review=review, owner=staff, lesson=lesson)
    return {"event": review.event, "review": review, "lesson": lesson, "action": action}


def writes(world, authority, staff):
    """Every write of the lessons API with a body that would be accepted from a member who may write."""
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    event, review, lesson, action = world["event"], world["review"], world["lesson"], world["action"]
    welfare = standard_department(authority, StandardDepartment.WELFARE)
    return [
        ("post", "events", {"title": "e", "kind": "other", "starts_on": "2025-01-01"}),
        ("patch", f"events/{event.pk}", {"version": 1, "title": "changed"}),
        ("post", "reviews", {"event_id": event.pk}),
        ("patch", f"reviews/{review.pk}", {"version": 1, "title": "changed"}),
        ("put", f"reviews/{review.pk}/sections/1", {"text": "changed", "version": 1}),
        ("post", f"reviews/{review.pk}/hold", {}),
        ("post", f"reviews/{review.pk}/complete", {}),
        ("post", f"reviews/{review.pk}/reopen", {}),
        ("post", f"reviews/{review.pk}/lessons", {"text": "new lesson"}),
        ("patch", f"lessons/{lesson.pk}", {"version": 1, "text": "changed"}),
        ("post", f"lessons/{lesson.pk}/key", {"is_key": True}),
        ("post", f"reviews/{review.pk}/actions", {"title": "a", "due_date": due, "owner_id": staff.pk,
                                                  "owner_department_id": welfare.pk}),
        ("patch", f"actions/{action.pk}", {"version": 1, "title": "changed"}),
        ("post", f"actions/{action.pk}/status", {"version": 1, "status": "in_progress"}),
    ]


def reads(world):
    review = world["review"]
    return [
        "events", f"events/{world['event'].pk}", "reviews", f"reviews/{review.pk}", f"reviews/{review.pk}/sections/1",
        "lessons", f"lessons/{world['lesson'].pk}", "actions", f"actions/{world['action'].pk}",
    ]


def snapshot(authority):
    with scope(authority=authority):
        return [
            list(model.objects.order_by("pk").values())
            for model in (Event, Review, ReviewSection, Lesson, ActionItem)
        ]


@pytest.mark.parametrize("auth", ["token", "session"])
def test_the_auditor_reads_everything(world, authority, auditor, auth):
    api = (token_api if auth == "token" else session_api)(auditor, authority)
    for path in reads(world):
        assert api.get(path).status_code == 200, path


@pytest.mark.parametrize("auth", ["token", "session"])
def test_every_write_of_the_auditor_is_refused_and_logged(world, authority, auditor, staff, auth):
    api = (token_api if auth == "token" else session_api)(auditor, authority)
    before = snapshot(authority)
    attempts = writes(world, authority, staff)
    for method, path, body in attempts:
        response = getattr(api, method)(path, body)
        assert response.status_code == 403, f"{method.upper()} {path}: {response.status_code} {response.content}"
        assert response.json()["detail"]
    assert snapshot(authority) == before
    denied = AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=auditor, authority=authority)
    assert denied.count() == len(attempts)


@pytest.mark.parametrize("auth", ["token", "session"])
def test_an_outsider_finds_nothing(world, authority, outsider, staff, auth):
    api = (token_api if auth == "token" else session_api)(outsider, authority)
    for path in reads(world):
        assert api.get(path).status_code == 404, path
    before = snapshot(authority)
    for method, path, body in writes(world, authority, staff):
        response = getattr(api, method)(path, body)
        assert response.status_code == 404, f"{method.upper()} {path}: {response.status_code}"
    assert snapshot(authority) == before


def test_a_member_reads_with_a_token_and_with_the_session(world, authority, staff):
    assert token_api(staff, authority).get("reviews").json()["items"][0]["id"] == world["review"].pk
    assert session_api(staff, authority).get("reviews").json()["items"][0]["id"] == world["review"].pk


def test_a_member_writes_with_the_session(world, authority, staff):
    api = session_api(staff, authority)
    response = api.put(f"reviews/{world['review'].pk}/sections/1", {"text": "x", "version": 1})
    assert response.status_code == 200, response.content


def test_without_a_login_the_answer_is_401(world, authority, client):
    api = ApiClient(client, authority)
    assert api.get("reviews").status_code == 401
    assert api.post("events", {"title": "e", "kind": "other", "starts_on": "2025-01-01"}).status_code == 401


def test_a_revoked_token_is_401(world, authority, staff):
    api = token_api(staff, authority)
    from merhav.accounts.models import ApiToken

    ApiToken.objects.filter(user=staff).update(revoked_at=timezone.now())
    assert api.get("reviews").status_code == 401
