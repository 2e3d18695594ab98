"""Reminders: N days before the due date and once when overdue, by the periodic job, each sent once."""

from datetime import datetime, time, timedelta

import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from merhav.core.tasks import PERIODIC_JOBS
from merhav.lessons.models import ActionItem
from merhav.lessons.tasks import send_action_reminders
from merhav.notify.models import Notification
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .factories import ActionItemFactory, ReviewFactory


def at(day):
    """Nine in the morning, Israel time, on that day."""
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def run_reminders(run_tasks):
    send_action_reminders.enqueue()
    run_tasks()


def kinds(user):
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True))


def test_the_reminder_job_is_periodic():
    assert any(job.task is send_action_reminders for job in PERIODIC_JOBS)


def test_reminded_three_days_before_the_due_date_once(authority, ceo, staff, run_tasks):
    today = timezone.localdate()
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff,
                               due_date=today + timedelta(days=10))
    with time_machine.travel(at(today + timedelta(days=6)), tick=False):
        run_reminders(run_tasks)
        assert kinds(staff) == []
    with time_machine.travel(at(today + timedelta(days=7)), tick=False):
        run_reminders(run_tasks)
        run_reminders(run_tasks)
    assert kinds(staff) == ["lessons.action_due_soon"]
    notification = Notification.objects.get(recipient=staff)
    assert notification.dedupe_key == f"action:{action.pk}:due:{action.due_date.isoformat()}"
    assert notification.url.endswith(f"/actions/{action.pk}/")
    assert [message.to for message in mail.outbox] == [[staff.email]]


def test_reminded_once_when_overdue(authority, ceo, staff, run_tasks):
    today = timezone.localdate()
    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff,
                      due_date=today + timedelta(days=2))
    with time_machine.travel(at(today + timedelta(days=3)), tick=False):
        run_reminders(run_tasks)
    with time_machine.travel(at(today + timedelta(days=4)), tick=False):
        run_reminders(run_tasks)
    assert kinds(staff) == ["lessons.action_overdue"]


def test_a_moved_due_date_is_reminded_again(authority, ceo, staff, run_tasks):
    today = timezone.localdate()
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff,
                               due_date=today + timedelta(days=1))
    run_reminders(run_tasks)
    with scope(authority=authority):
        ActionItem.objects.filter(pk=action.pk).update(due_date=today + timedelta(days=2))
    run_reminders(run_tasks)
    assert kinds(staff) == ["lessons.action_due_soon", "lessons.action_due_soon"]


def test_the_head_of_the_owning_department_is_reminded(authority, ceo, department_head, run_tasks):
    today = timezone.localdate()
    public_information = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner_department=public_information,
                      due_date=today)
    run_reminders(run_tasks)
    assert kinds(department_head) == ["lessons.action_due_soon"]


def test_done_and_cancelled_actions_are_not_reminded(authority, ceo, staff, run_tasks):
    review = ReviewFactory(authority=authority, created_by=ceo)
    yesterday = timezone.localdate() - timedelta(days=1)
    ActionItemFactory(review=review, owner=staff, due_date=yesterday, status=ActionItem.Status.DONE, evidence="x",
                      done_at=timezone.now())
    ActionItemFactory(review=review, owner=staff, due_date=yesterday, status=ActionItem.Status.CANCELLED)
    run_reminders(run_tasks)
    assert kinds(staff) == []


def test_an_owner_who_left_the_authority_is_not_reminded(authority, ceo, staff, run_tasks):
    from django_scopes import scopes_disabled

    from merhav.tenancy.models import Membership

    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff,
                      due_date=timezone.localdate())
    with scopes_disabled():
        Membership.objects.filter(user=staff).update(is_active=False)
    run_reminders(run_tasks)
    assert kinds(staff) == []


def test_the_number_of_days_is_a_setting(settings, authority, ceo, staff, run_tasks):
    settings.MERHAV_ACTION_REMINDER_DAYS = 7
    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff,
                      due_date=timezone.localdate() + timedelta(days=7))
    run_reminders(run_tasks)
    assert kinds(staff) == ["lessons.action_due_soon"]


def test_the_job_reads_in_sets_not_per_action(authority, other_authority, ceo, staff, make_user):
    """Once the reminders are sent, a run costs the same few queries for 3 or 30 actions in 2 authorities."""
    from merhav.tenancy.roles import Role

    their_staff = make_user(authority=other_authority, role=Role.STAFF)
    their_ceo = make_user(authority=other_authority, role=Role.CEO)
    today = timezone.localdate()

    def add(n):
        for i in range(n):
            ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff,
                              due_date=today - timedelta(days=i % 3))
            ActionItemFactory(review=ReviewFactory(authority=other_authority, created_by=their_ceo), owner=their_staff,
                              due_date=today + timedelta(days=1))

    def queries_of_a_run():
        send_action_reminders.call()  # sends what is new
        with CaptureQueriesContext(connection) as captured:
            result = send_action_reminders.call()
        assert result["sent"] == 0
        return len(captured)

    add(3)
    small = queries_of_a_run()
    add(27)
    assert queries_of_a_run() == small
    assert small <= 5
