"""Editing an action: a stale edit is a conflict shown beside the user's version, never an overwrite."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from conftest import verified_login
from merhav.audit.models import AuditEntry
from merhav.core.versioning import StaleVersion
from merhav.lessons.models import ActionItem
from merhav.lessons.services.actions import update_action
from merhav.notify.models import Notification

from .factories import ActionItemFactory, ReviewFactory


def edit_url(authority, action):
    return reverse("lessons:action_edit", kwargs={"authority_slug": authority.slug, "action_id": action.pk})


def form_data(action, **changes):
    data = {
        "title": action.title, "owner": action.owner_id or "", "owner_department": action.owner_department_id or "",
        "due_date": action.due_date.isoformat(), "lesson": action.lesson_id or "", "description": action.description,
        "version": action.version,
    }
    data.update(changes)
    return data


def stored(authority, action):
    with scope(authority=authority):
        return ActionItem.objects.get(pk=action.pk)


def test_edit_saves_and_logs_the_changed_fields(login, authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo)
    action = ActionItemFactory(review=review, owner=staff)
    new_due = action.due_date + timedelta(days=7)
    response = login(ceo).post(edit_url(authority, action), form_data(action, due_date=new_due.isoformat(),
                                                                      title="כותרת חדשה"))
    assert response.status_code == 302
    saved = stored(authority, action)
    assert (saved.title, saved.due_date, saved.version) == ("כותרת חדשה", new_due, 2)
    entry = AuditEntry.objects.filter(action="update", object_type="lessons.actionitem").latest("at")
    assert entry.fields == ["due_date", "title"]


def test_a_new_owner_is_notified_on_edit(login, authority, ceo, staff, department_head):
    review = ReviewFactory(authority=authority, created_by=ceo)
    action = ActionItemFactory(review=review, owner=staff)
    login(ceo).post(edit_url(authority, action), form_data(action, owner=department_head.pk))
    assert Notification.objects.filter(recipient=department_head, kind="lessons.action_assigned").count() == 1
    assert not Notification.objects.filter(recipient=staff).exists()


def test_a_stale_edit_is_a_conflict_and_overwrites_nothing(login, authority, ceo, staff, make_user):
    from merhav.tenancy.roles import Role

    facilitator = make_user(authority=authority, role=Role.STAFF)
    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=facilitator)
    action = ActionItemFactory(review=review, owner=staff, title="נוסח מקורי")
    # Both open the form at version 1; the facilitator saves first.
    other = verified_login(Client(), facilitator)
    assert other.post(edit_url(authority, action), form_data(action, title="נוסח המנחה")).status_code == 302

    response = login(ceo, language="en").post(edit_url(authority, action), form_data(action, title="נוסח המנכ\"ל"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this action" in page
    assert "נוסח המנחה" in page  # their version, shown
    assert "נוסח המנכ&quot;ל" in page  # the user's own text, kept in the form
    assert response.context["form"]["version"].value() == "2"  # saving again is a decision on top of theirs
    assert stored(authority, action).title == "נוסח המנחה"


def test_the_service_raises_a_conflict_on_a_stale_version(authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo)
    action = ActionItemFactory(review=review, owner=staff)
    update_action(action=action, by=ceo, version=1, title="ראשון", due_date=action.due_date, owner=staff)
    with pytest.raises(StaleVersion) as conflict:
        update_action(action=action, by=ceo, version=1, title="שני", due_date=action.due_date, owner=staff)
    assert conflict.value.current.title == "ראשון"
    assert stored(authority, action).title == "ראשון"


def test_an_edit_keeps_a_past_due_date_but_not_one_before_the_meeting(login, authority, ceo, staff):
    meeting = timezone.localdate() - timedelta(days=20)
    review = ReviewFactory(authority=authority, created_by=ceo, meeting_date=meeting)
    action = ActionItemFactory(review=review, owner=staff, due_date=meeting + timedelta(days=5))  # overdue now
    client = login(ceo, language="en")
    assert client.post(edit_url(authority, action), form_data(action, title="עודכן")).status_code == 302
    action = stored(authority, action)
    response = client.post(edit_url(authority, action),
                           form_data(action, due_date=(meeting - timedelta(days=1)).isoformat()))
    assert response.context["form"].errors["due_date"] == [
        f"The due date cannot be before the review's meeting date ({meeting:%d.%m.%Y}): an action follows "
        "from the review."
    ]
