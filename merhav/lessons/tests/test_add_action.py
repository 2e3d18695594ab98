"""Adding an action item: the owner gets an inbox notification and an email, and the .ics has the due date."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.lessons.models import ActionItem
from merhav.notify.models import Notification
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .factories import LessonFactory, ReviewFactory


def add_url(authority, review):
    return reverse("lessons:action_add", kwargs={"authority_slug": authority.slug, "review_id": review.pk})


def test_ceo_adds_an_action_and_the_owner_is_notified_by_inbox_and_email(
    login, authority, ceo, department_head, run_tasks
):
    review = ReviewFactory(authority=authority, created_by=ceo)
    lesson = LessonFactory(review=review, is_key=True)
    due = timezone.localdate() + timedelta(days=40)
    response = login(ceo).post(add_url(authority, review), {
        "title": "להכין סט הודעות נצורות",
        "owner": department_head.pk,
        "due_date": due.isoformat(),
        "lesson": lesson.pk,
        "description": "לאשר אצל המנכ\"ל ולהכניס למערכות החירום",
    })
    with scope(authority=authority):
        action = ActionItem.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "lessons:action_detail", kwargs={"authority_slug": authority.slug, "action_id": action.pk}
    )
    assert (action.owner, action.due_date, action.lesson, action.created_by) == (department_head, due, lesson, ceo)
    notification = Notification.objects.get(recipient=department_head)
    assert notification.url == response.url
    assert notification.kind == "lessons.action_assigned"
    assert AuditEntry.objects.filter(action="create", object_type="lessons.actionitem", user=ceo).exists()

    run_tasks()
    assert [message.to for message in mail.outbox] == [[department_head.email]]
    assert response.url in mail.outbox[0].body


def test_the_ics_of_an_action_holds_its_due_date(login, authority, ceo, department_head):
    review = ReviewFactory(authority=authority, created_by=ceo)
    due = timezone.localdate() + timedelta(days=12)
    client = login(ceo)
    client.post(add_url(authority, review), {"title": "שאלון קליטה", "owner": department_head.pk,
                                             "due_date": due.isoformat()})
    with scope(authority=authority):
        action = ActionItem.objects.get()
    response = login(department_head).get(
        reverse("lessons:action_ics", kwargs={"authority_slug": authority.slug, "action_id": action.pk})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}" in body
    assert "שאלון קליטה" in body


def test_a_department_owned_action_notifies_the_department_head(login, authority, ceo, department_head):
    review = ReviewFactory(authority=authority, created_by=ceo)
    public_information = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    response = login(ceo).post(add_url(authority, review), {
        "title": "הודעות נצורות", "owner_department": public_information.pk,
        "due_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
    })
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=department_head, kind="lessons.action_assigned").count() == 1


def test_add_and_add_another_returns_to_the_form(login, authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo)
    url = add_url(authority, review)
    response = login(ceo).post(url, {"title": "א", "owner": staff.pk, "then": "another",
                                     "due_date": timezone.localdate().isoformat()})
    assert response.status_code == 302 and response.url == url


def test_the_add_form_offers_the_members_and_the_lessons_of_the_review(login, authority, ceo, staff, auditor):
    review = ReviewFactory(authority=authority, created_by=ceo)
    LessonFactory(review=review, text="לקח מרכזי של התחקיר", is_key=True)
    page = login(ceo).get(add_url(authority, review)).content.decode()
    assert staff.full_name in page
    assert "לקח מרכזי של התחקיר" in page
    assert auditor.full_name not in page  # the auditor cannot own an action
