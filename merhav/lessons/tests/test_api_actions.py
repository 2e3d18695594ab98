"""API: action items — list with status / overdue / owner / department filters, add (bad due date and an owner
outside the authority are refused beside the field), read, edit, and change status with evidence."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from merhav.lessons.models import ActionItem
from merhav.notify.models import Notification
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .api_support import token_api
from .factories import ActionItemFactory, LessonFactory, ReviewFactory

TODAY = timezone.localdate


def test_list_filters(authority, ceo, staff, department_head):
    review = ReviewFactory(authority=authority, created_by=ceo)
    public_information = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    ActionItemFactory(review=review, title="overdue", owner=staff, due_date=TODAY() - timedelta(days=2))
    ActionItemFactory(review=review, title="done", owner=staff, status=ActionItem.Status.DONE, evidence="published")
    ActionItemFactory(review=review, title="department's", owner_department=public_information)
    ActionItemFactory(review=review, title="the head's own", owner=department_head)
    api = token_api(ceo, authority)

    def titles(**params):
        response = api.get("actions", params)
        assert response.status_code == 200, response.content
        return {a["title"] for a in response.json()["items"]}

    assert titles() == {"overdue", "done", "department's", "the head's own"}
    assert titles(status="done") == {"done"}
    assert titles(status="active") == {"overdue", "department's", "the head's own"}
    assert titles(overdue="true") == {"overdue"}
    assert titles(owner_id=staff.pk) == {"overdue", "done"}
    # As on "my actions": a department head answers for the department's actions too.
    assert titles(owner_id=department_head.pk) == {"department's", "the head's own"}
    assert titles(department_id=public_information.pk) == {"department's", "the head's own"}
    assert titles(review_id=review.pk + 1000) == set()
    overdue = api.get("actions", {"overdue": "true"}).json()["items"][0]
    assert overdue["is_overdue"] is True


def test_add_an_action_notifies_the_owner(authority, ceo, department_head):
    review = ReviewFactory(authority=authority, created_by=ceo)
    lesson = LessonFactory(review=review, is_key=True)
    due = TODAY() + timedelta(days=30)
    response = token_api(ceo, authority).post(f"reviews/{review.pk}/actions", {
        "title": "להכין סט הודעות נצורות", "due_date": due.isoformat(), "owner_id": department_head.pk,
        "lesson_id": lesson.pk,
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner"]["id"] == department_head.pk
    assert body["lesson_id"] == lesson.pk
    assert body["status"] == "open"
    assert Notification.objects.filter(recipient=department_head).exists()


def test_a_due_date_before_the_review_is_refused_beside_the_field(authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo, meeting_date=TODAY() - timedelta(days=1))
    response = token_api(ceo, authority).post(f"reviews/{review.pk}/actions", {
        "title": "x", "due_date": (TODAY() - timedelta(days=5)).isoformat(), "owner_id": staff.pk,
    })
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["due_date"]
    with scope(authority=authority):
        assert not ActionItem.objects.exists()


def test_an_owner_outside_the_authority_is_refused_beside_the_field(authority, ceo, outsider):
    review = ReviewFactory(authority=authority, created_by=ceo)
    response = token_api(ceo, authority).post(f"reviews/{review.pk}/actions", {
        "title": "x", "due_date": (TODAY() + timedelta(days=5)).isoformat(), "owner_id": outsider.pk,
    })
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["owner_id"]
    with scope(authority=authority):
        assert not ActionItem.objects.exists()


def test_an_unknown_owner_is_refused_beside_the_field(authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo)
    response = token_api(ceo, authority).post(f"reviews/{review.pk}/actions", {
        "title": "x", "due_date": (TODAY() + timedelta(days=5)).isoformat(), "owner_id": 987654,
    })
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["owner_id"]


def test_several_problems_are_reported_together(authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, meeting_date=TODAY() - timedelta(days=1))
    response = token_api(ceo, authority).post(f"reviews/{review.pk}/actions", {
        "title": " ", "due_date": (TODAY() - timedelta(days=9)).isoformat(),
    })
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"title", "due_date", "owner_id"}


def test_the_owner_marks_done_with_evidence(authority, ceo, staff):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff)
    api = token_api(staff, authority)

    missing = api.post(f"actions/{action.pk}/status", {"version": 1, "status": "done"})
    assert missing.status_code == 422
    assert list(missing.json()["errors"]) == ["evidence"]

    done = api.post(f"actions/{action.pk}/status", {"version": 1, "status": "done", "evidence": "ההודעות נטענו"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"
    assert done.json()["evidence"] == "ההודעות נטענו"
    assert done.json()["done_on_time"] is True

    stale = api.post(f"actions/{action.pk}/status", {"version": 1, "status": "in_progress"})
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "done"


def test_someone_else_cannot_change_the_status(authority, ceo, staff, department_head):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=department_head)
    response = token_api(staff, authority).post(f"actions/{action.pk}/status", {"version": 1, "status": "done",
                                                                                 "evidence": "x"})
    assert response.status_code == 403


def test_edit_an_action(authority, ceo, staff, department_head):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff)
    api = token_api(ceo, authority)
    due = TODAY() + timedelta(days=60)
    response = api.patch(f"actions/{action.pk}", {"version": 1, "due_date": due.isoformat(),
                                                  "owner_id": department_head.pk})
    assert response.status_code == 200, response.content
    assert response.json()["due_date"] == due.isoformat()
    assert response.json()["owner"]["id"] == department_head.pk
    assert response.json()["title"] == action.title

    stale = api.patch(f"actions/{action.pk}", {"version": 1, "title": "late edit"})
    assert stale.status_code == 409
    assert stale.json()["current"]["owner"]["id"] == department_head.pk


def test_get_an_action(authority, ceo, staff):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff)
    body = token_api(staff, authority).get(f"actions/{action.pk}").json()
    assert body["id"] == action.pk and body["owner"]["id"] == staff.pk
