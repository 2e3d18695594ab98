"""Bad input when adding an action: a clear message beside the field, nothing saved half-way."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from merhav.lessons.models import ActionItem
from merhav.lessons.services.actions import add_action
from merhav.notify.models import Notification
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .factories import EventFactory, LessonFactory, ReviewFactory


def post(client, authority, review, **data):
    return client.post(
        reverse("lessons:action_add", kwargs={"authority_slug": authority.slug, "review_id": review.pk}), data
    )


def nothing_saved(authority):
    with scope(authority=authority):
        assert not ActionItem.objects.exists()
    assert not Notification.objects.exists()


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_due_date_before_the_review_meeting_is_refused(login, authority, ceo, staff):
    meeting = timezone.localdate() + timedelta(days=5)
    review = ReviewFactory(authority=authority, created_by=ceo, meeting_date=meeting)
    response = post(login(ceo, language="en"), authority, review, title="א", owner=staff.pk,
                    due_date=(meeting - timedelta(days=1)).isoformat())
    assert response.status_code == 200
    assert field_errors(response, "due_date") == [
        f"The due date cannot be before the review's meeting date ({meeting:%d.%m.%Y}): an action follows "
        "from the review."
    ]
    assert 'class="field field--error"' in response.content.decode()
    assert response.context["form"]["title"].value() == "א"  # what was typed is kept
    nothing_saved(authority)


def test_a_past_due_date_is_refused_when_the_review_is_still_to_come(login, authority, ceo, staff):
    event = EventFactory(authority=authority, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    review = ReviewFactory(authority=authority, created_by=ceo, event=event, meeting_date=None, draft=True)
    response = post(login(ceo, language="en"), authority, review, title="א", owner=staff.pk,
                    due_date=(timezone.localdate() - timedelta(days=1)).isoformat())
    assert field_errors(response, "due_date") == [
        "The due date of a new action cannot be in the past: the review's meeting is today or later."]
    nothing_saved(authority)


def test_an_owner_outside_the_authority_is_refused(login, authority, ceo, outsider):
    review = ReviewFactory(authority=authority, created_by=ceo)
    response = post(login(ceo, language="en"), authority, review, title="א", owner=outsider.pk,
                    due_date=timezone.localdate().isoformat())
    assert field_errors(response, "owner") == ["The owner must be an active member of this authority."]
    nothing_saved(authority)


def test_the_service_refuses_an_owner_outside_the_authority(authority, ceo, outsider):
    review = ReviewFactory(authority=authority, created_by=ceo)
    with pytest.raises(ValidationError) as error:
        add_action(review=review, title="א", due_date=timezone.localdate(), by=ceo, owner=outsider)
    assert list(error.value.message_dict) == ["owner"]
    nothing_saved(authority)


def test_the_service_refuses_the_auditor_as_owner(authority, ceo, auditor):
    review = ReviewFactory(authority=authority, created_by=ceo)
    with pytest.raises(ValidationError) as error:
        add_action(review=review, title="א", due_date=timezone.localdate(), by=ceo, owner=auditor)
    assert "owner" in error.value.message_dict


def test_an_action_without_an_owner_is_refused(login, authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo)
    response = post(login(ceo, language="en"), authority, review, title="א", due_date=timezone.localdate().isoformat())
    assert field_errors(response, "owner") == [
        "Choose an owner: a person, or a department whose head is accountable."
    ]
    nothing_saved(authority)


def test_a_department_without_a_head_cannot_own_an_action_alone(login, authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo)
    welfare = standard_department(authority, StandardDepartment.WELFARE)  # nobody heads it in the test authority
    response = post(login(ceo, language="en"), authority, review, title="א", owner_department=welfare.pk,
                    due_date=timezone.localdate().isoformat())
    assert field_errors(response, "owner_department") == [
        "This department has no head to be accountable. Choose a person as the owner as well."
    ]
    nothing_saved(authority)


def test_another_authoritys_department_is_refused(login, authority, other_authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo)
    theirs = standard_department(other_authority, StandardDepartment.EDUCATION)
    response = post(login(ceo, language="en"), authority, review, title="א", owner_department=theirs.pk,
                    due_date=timezone.localdate().isoformat())
    assert field_errors(response, "owner_department") == [
        "The department must be an active department of this authority."
    ]
    nothing_saved(authority)


def test_a_lesson_of_another_review_is_refused(login, authority, ceo, staff):


    review = ReviewFactory(authority=authority, created_by=ceo)
    other_lesson = LessonFactory(review=ReviewFactory(authority=authority, created_by=ceo, title="תחקיר אחר"),
                                 is_key=True)
    response = post(login(ceo, language="en"), authority, review, title="א", owner=staff.pk, lesson=other_lesson.pk,
                    due_date=timezone.localdate().isoformat())
    assert field_errors(response, "lesson") == ["Choose a lesson of this review."]
    nothing_saved(authority)


def test_an_empty_title_and_no_date_are_each_shown_beside_their_field(login, authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo)
    response = post(login(ceo, language="en"), authority, review, title="", owner=staff.pk, due_date="")
    assert field_errors(response, "title") and field_errors(response, "due_date")
    nothing_saved(authority)
