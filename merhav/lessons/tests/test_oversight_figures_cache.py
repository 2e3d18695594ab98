"""The oversight dashboard's figures are kept in the cache under the authority's figures version: a repeated
view does not recount, and every lessons write that changes a figure raises the version in its own
transaction, so the next view shows the new figure."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from merhav.lessons.models import ActionItem, FollowUp, Lesson, Review
from merhav.lessons.selectors.oversight import HELD_STATES, figures_version
from merhav.lessons.services.actions import add_action, set_action_status
from merhav.lessons.services.follow_ups import record_follow_up
from merhav.lessons.services.reviews import complete_review, mark_review_held
from merhav.tenancy.models import Department, Membership, StandardDepartment

from .factories import ActionItemFactory, EventFactory, FollowUpFactory, LessonFactory, ReviewFactory
from .support import url

Status = ActionItem.Status


def department(authority, kind: str) -> Department:
    with scopes_disabled():
        return Department.objects.get(authority=authority, kind=kind)


@pytest.fixture
def world(authority, staff, department_head):
    today = timezone.localdate()
    pi = department(authority, StandardDepartment.PUBLIC_INFORMATION)
    event = EventFactory(authority=authority, starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=39))
    held = ReviewFactory(event=event, meeting_date=today - timedelta(days=38), status=Review.Status.HELD)
    draft = ReviewFactory(event=event, meeting_date=today - timedelta(days=10), status=Review.Status.DRAFT,
                          title="טיוטה")
    key = LessonFactory(review=held, text="אין הודעות נצורות מוכנות", is_key=True, department=pi)
    LessonFactory(review=held, text="המוקד לא קיבל את רשימת התושבים הנזקקים")
    ActionItemFactory(review=held, lesson=key, due_date=today + timedelta(days=10), owner=staff)
    ActionItemFactory(review=held, due_date=today - timedelta(days=2), owner_department=pi)
    ActionItemFactory(review=held, due_date=today - timedelta(days=5), status=Status.DONE,
                      done_on=today - timedelta(days=6), owner=department_head)
    completed_event = EventFactory(authority=authority, starts_on=today - timedelta(days=90), ends_on=None,
                                   title="שריפה")
    completed = ReviewFactory(event=completed_event, meeting_date=today - timedelta(days=89),
                              status=Review.Status.COMPLETED)
    FollowUpFactory(review=completed, due_date=today + timedelta(days=5))
    return {"held": held, "draft": draft, "completed": completed, "key": key, "pi": pi}


def expected(authority) -> dict:
    """The figures counted here, row by row, from what is stored."""
    today = timezone.localdate()
    with scope(authority=authority):
        actions = [a for a in ActionItem.objects.filter(authority=authority) if a.status != Status.CANCELLED]
        reviews = list(Review.objects.filter(authority=authority))
        follow_ups = list(FollowUp.objects.filter(authority=authority))
        lessons = list(Lesson.objects.filter(authority=authority))
    active = [a for a in actions if a.status in (Status.OPEN, Status.IN_PROGRESS)]
    done = [a for a in actions if a.status == Status.DONE]
    held = [f for f in follow_ups if f.status == FollowUp.Status.HELD]
    scheduled = [f for f in follow_ups if f.status == FollowUp.Status.SCHEDULED]
    return {
        "reviews_total": len(reviews),
        "reviews_held": sum(r.status in HELD_STATES for r in reviews),
        "lessons_total": len(lessons),
        "lessons_with_actions": len({a.lesson_id for a in actions if a.lesson_id}),
        "open": sum(a.due_date >= today for a in active),
        "overdue": sum(a.due_date < today for a in active),
        "done_on_time": sum(a.done_on <= a.due_date for a in done),
        "done_late": sum(a.done_on > a.due_date for a in done),
        "follow_ups_total": len(follow_ups),
        "follow_ups_held_on_time": sum(f.held_on <= f.due_date for f in held),
        "follow_ups_upcoming": sum(f.due_date >= today for f in scheduled),
        "follow_ups_overdue": sum(f.due_date < today for f in scheduled),
    }


def shown(figures) -> dict:
    return {
        "reviews_total": figures.reviews_total,
        "reviews_held": figures.reviews_held,
        "lessons_total": figures.lessons_total,
        "lessons_with_actions": figures.lessons_with_actions,
        "open": figures.actions.open,
        "overdue": figures.actions.overdue,
        "done_on_time": figures.actions.done_on_time,
        "done_late": figures.actions.done_late,
        "follow_ups_total": figures.follow_ups_total,
        "follow_ups_held_on_time": figures.follow_ups_held_on_time,
        "follow_ups_upcoming": figures.follow_ups_upcoming,
        "follow_ups_overdue": figures.follow_ups_overdue,
    }


def dashboard(client, authority):
    response = client.get(url("oversight", authority))
    assert response.status_code == 200
    return response.context["figures"]


def test_a_repeated_view_does_not_count_again_and_shows_the_same_figures(
        login, auditor, authority, world, django_assert_max_num_queries):
    client = login(auditor)
    with CaptureQueriesContext(connection) as first_queries:
        first = dashboard(client, authority)
    # The four aggregates are not run again, nor the cache's write: at least five queries fewer.
    with django_assert_max_num_queries(len(first_queries) - 5):
        again = dashboard(client, authority)
    assert again == first
    assert shown(again) == expected(authority)


def refreshed(client, authority, before_version: int):
    """The dashboard after a write: the write raised the version once, and the figures follow it."""
    assert figures_version(authority.pk) == before_version + 1
    figures = dashboard(client, authority)
    assert shown(figures) == expected(authority)
    return figures


def test_each_kind_of_write_shows_on_the_next_view(login, auditor, ceo, staff, authority, world):
    client = login(auditor)
    figures = dashboard(client, authority)  # counted and cached
    assert shown(figures) == expected(authority)
    held, completed = world["held"], world["completed"]

    with scope(authority=authority):
        action = ActionItem.objects.get(owner=staff)
    version = figures_version(authority.pk)
    set_action_status(action=action, status=Status.DONE, by=staff, version=action.version, evidence="נעשה")
    figures = refreshed(client, authority, version)
    assert (figures.actions.open, figures.actions.done_on_time) == (0, 2)

    version = figures_version(authority.pk)
    add_action(review=held, title="לתרגל את ההודעות", due_date=timezone.localdate() + timedelta(days=3), by=ceo,
               owner=staff)
    figures = refreshed(client, authority, version)
    assert figures.actions.open == 1

    version = figures_version(authority.pk)
    record_follow_up(review=completed, by=ceo, version=None, items={}, held_on=timezone.localdate())
    figures = refreshed(client, authority, version)
    assert (figures.follow_ups_held_on_time, figures.follow_ups_upcoming) == (1, 0)

    version = figures_version(authority.pk)
    mark_review_held(review=world["draft"], by=ceo)
    figures = refreshed(client, authority, version)
    assert figures.reviews_held == 3

    version = figures_version(authority.pk)
    complete_review(review=held, by=ceo)  # its follow-up is scheduled
    figures = dashboard(client, authority)
    assert figures_version(authority.pk) > version
    assert shown(figures) == expected(authority)
    assert (figures.follow_ups_total, figures.follow_ups_upcoming) == (2, 1)


def test_a_rolled_back_write_does_not_raise_the_version(login, auditor, staff, authority, world):
    client = login(auditor)
    before = dashboard(client, authority)
    version = figures_version(authority.pk)
    with scope(authority=authority):
        action = ActionItem.objects.get(owner=staff)
    with pytest.raises(RuntimeError), transaction.atomic():
        set_action_status(action=action, status=Status.DONE, by=staff, version=action.version, evidence="נעשה")
        assert figures_version(authority.pk) == version + 1  # counted inside the write's transaction
        raise RuntimeError("the request failed after the write")
    assert figures_version(authority.pk) == version
    assert dashboard(client, authority) == before


def test_department_names_and_members_departments_are_read_on_every_view(
        login, auditor, staff, authority, world):
    """Not lessons data: a renamed department, or an owner moved to another department, shows at once."""
    client = login(auditor)
    pi = world["pi"]
    security = department(authority, StandardDepartment.SECURITY)
    before = {row.key: row.total for row in dashboard(client, authority).by_department}
    assert before == {pi.pk: 2, security.pk: 1}  # staff is in security
    with scopes_disabled():
        type(pi).objects.filter(pk=pi.pk).update(custom_name="דוברות ומידע")
        Membership.objects.filter(authority=authority, user=staff).update(department=pi)
    after = {row.label: row.total for row in dashboard(client, authority).by_department}
    assert after == {"דוברות ומידע": 3}


def test_the_day_is_part_of_the_key(authority, world):
    """An action not yet due today is overdue tomorrow, with no write between."""
    from merhav.lessons.selectors.oversight import oversight_figures

    today = timezone.localdate()
    assert oversight_figures(authority, today=today).actions.overdue == 1
    assert oversight_figures(authority, today=today + timedelta(days=11)).actions.overdue == 2
    assert oversight_figures(authority, today=today).actions.overdue == 1
