"""Status changes: open → in progress → done (evidence required) / cancelled; the owner may change them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from merhav.core.versioning import StaleVersion
from merhav.lessons.models import ActionItem
from merhav.lessons.services.actions import set_action_status

from .factories import ActionItemFactory, ReviewFactory

Status = ActionItem.Status


def status_url(authority, action):
    return reverse("lessons:action_status", kwargs={"authority_slug": authority.slug, "action_id": action.pk})


def stored(authority, action):
    with scope(authority=authority):
        return ActionItem.objects.get(pk=action.pk)


def test_the_owner_moves_the_action_to_in_progress(login, authority, ceo, department_head):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=department_head)
    response = login(department_head).post(status_url(authority, action), {"status": "in_progress", "version": 1})
    assert response.status_code == 302
    assert stored(authority, action).status == Status.IN_PROGRESS


def test_done_needs_evidence(login, authority, ceo, department_head):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=department_head)
    response = login(department_head, language="en").post(
        status_url(authority, action), {"status": "done", "evidence": "  ", "version": 1}
    )
    assert response.status_code == 400
    assert response.context["status_form"].errors["evidence"] == ["Describe the evidence that the action was done."]
    assert stored(authority, action).status == Status.OPEN


def test_done_with_evidence_records_when(login, authority, ceo, department_head):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=department_head)
    login(department_head).post(status_url(authority, action),
                                {"status": "done", "evidence": "ההודעות הוזנו למערכת", "version": 1})
    done = stored(authority, action)
    assert done.status == Status.DONE and done.evidence == "ההודעות הוזנו למערכת"
    assert done.done_at is not None and done.done_on_time is True


def test_the_service_refuses_done_without_evidence(authority, ceo, staff):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff)
    with pytest.raises(ValidationError) as error:
        set_action_status(action=action, status=Status.DONE, by=staff, version=1)
    assert list(error.value.message_dict) == ["evidence"]


def test_cancelled_can_be_reopened_and_done_leaves_done(authority, ceo, staff):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff)
    action = set_action_status(action=action, status=Status.CANCELLED, by=ceo, version=1)
    with pytest.raises(ValidationError):
        set_action_status(action=action, status=Status.DONE, by=ceo, version=action.version, evidence="x")
    action = set_action_status(action=action, status=Status.OPEN, by=ceo, version=action.version)
    action = set_action_status(action=action, status=Status.DONE, by=ceo, version=action.version, evidence="x")
    action = set_action_status(action=action, status=Status.IN_PROGRESS, by=ceo, version=action.version)
    assert action.done_at is None and action.status == Status.IN_PROGRESS


def test_a_stale_status_change_is_a_conflict(authority, ceo, staff):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff)
    set_action_status(action=action, status=Status.IN_PROGRESS, by=staff, version=1)
    with pytest.raises(StaleVersion):
        set_action_status(action=action, status=Status.CANCELLED, by=ceo, version=1)
    assert stored(authority, action).status == Status.IN_PROGRESS


def test_a_stale_status_change_on_the_page_shows_a_message(login, authority, ceo, staff):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff)
    set_action_status(action=action, status=Status.IN_PROGRESS, by=staff, version=1)
    client = login(ceo, language="en")
    response = client.post(status_url(authority, action), {"status": "cancelled", "version": 1})
    assert response.status_code == 409
    assert "Someone else changed this action in the meantime" in response.content.decode()
    form = response.context["status_form"]
    assert (form["status"].value(), form["version"].value()) == ("cancelled", "2")  # the choice, on theirs
    assert ("Status", "In progress") in response.context["conflict"].rows  # what is stored now
    assert stored(authority, action).status == Status.IN_PROGRESS


def test_a_staff_member_who_is_not_the_owner_cannot_change_the_status(login, authority, ceo, staff, department_head):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=department_head)
    response = login(staff).post(status_url(authority, action), {"status": "cancelled", "version": 1})
    assert response.status_code == 403
    assert stored(authority, action).status == Status.OPEN


def test_the_detail_page_shows_the_status_form_only_to_those_who_may_use_it(login, authority, ceo, staff, auditor):
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff)
    url = reverse("lessons:action_detail", kwargs={"authority_slug": authority.slug, "action_id": action.pk})
    assert login(staff).get(url).context["status_form"] is not None
    response = login(auditor).get(url)
    assert response.status_code == 200 and response.context["status_form"] is None
    assert status_url(authority, action) not in response.content.decode()
