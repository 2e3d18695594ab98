"""Reviews of past events are entered with their own dates (the seed's "Ein Or" example: event 2.11.2025,
action due 1.1.2026, entered a year later); "held" records the day the meeting took place, never in the
future, and the auditor's "held within 3 days" counts from that day, not from the planned date."""

import datetime as dt
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from merhav.lessons.models import ActionItem, EventKind, Review
from merhav.lessons.selectors.oversight import OversightFilters, oversight_figures
from merhav.lessons.services.actions import add_action
from merhav.lessons.services.events import create_event
from merhav.lessons.services.reviews import create_review, mark_review_held

from .factories import EventFactory, ReviewFactory
from .support import make_people, reload, url

OUTAGE = date(2025, 11, 2)
A_YEAR_LATER = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def later():
    with time_machine.travel(A_YEAR_LATER, tick=False) as traveller:
        yield traveller


def test_the_seeds_example_is_entered_with_its_own_dates(later, authority, ceo, department_head, make_user):
    event = create_event(authority=authority, title='הפסקת חשמל בשכונת "עין אור"', by=ceo,
                         kind=EventKind.INFRASTRUCTURE_DAMAGE, starts_on=OUTAGE, ends_on=OUTAGE)
    review = create_review(event=event, title="תקשורת ועדכון תושבים", by=ceo, meeting_date=OUTAGE + timedelta(days=3),
                           participants=make_people(make_user, authority, 4)).value
    action = add_action(review=review, title='להכין סט "הודעות נצורות"', due_date=date(2026, 1, 1), by=ceo,
                        owner=department_head)
    assert action.due_date == date(2026, 1, 1) and action.is_overdue
    held = mark_review_held(review=review, by=ceo, held_on=OUTAGE + timedelta(days=3))
    assert (held.status, held.held_on) == (Review.Status.HELD, date(2025, 11, 5))


def test_a_past_due_date_is_said_to_have_passed(later, login, authority, ceo, staff):
    event = EventFactory(authority=authority, starts_on=OUTAGE, ends_on=OUTAGE)
    review = ReviewFactory(event=event, meeting_date=OUTAGE + timedelta(days=3), participants=[staff])
    response = login(ceo, language="en").post(url("action_add", authority, review_id=review.pk), {
        "title": "Prepare sealed messages", "owner": staff.pk, "due_date": "01.01.2026"}, follow=True)
    assert response.status_code == 200
    assert "The due date 01.01.2026 has passed: the action shows as overdue until it is marked done." in (
        response.content.decode())
    with scopes_disabled():
        assert ActionItem.objects.get(review=review).due_date == date(2026, 1, 1)


def test_a_due_date_before_the_meeting_is_refused_for_that_reason(later, login, authority, ceo, staff):
    event = EventFactory(authority=authority, starts_on=OUTAGE, ends_on=OUTAGE)
    review = ReviewFactory(event=event, meeting_date=OUTAGE + timedelta(days=3))
    response = login(ceo, language="en").post(url("action_add", authority, review_id=review.pk), {
        "title": "Prepare sealed messages", "owner": staff.pk, "due_date": "01.11.2025"})
    assert "cannot be before the review&#x27;s meeting date (05.11.2025): an action follows from the review" in (
        response.content.decode())


@pytest.fixture
def draft(authority, staff):
    event = EventFactory(authority=authority, starts_on=date(2026, 11, 20), ends_on=date(2026, 11, 20))
    return ReviewFactory(event=event, meeting_date=date(2026, 12, 3), facilitator=staff, draft=True)


def test_held_cannot_be_in_the_future(later, authority, staff, draft):
    with pytest.raises(ValidationError) as refused:
        mark_review_held(review=draft, by=staff, held_on=date(2026, 12, 3))
    assert "held_on" in refused.value.error_dict
    assert reload(draft).status == Review.Status.DRAFT


def test_held_cannot_be_before_the_event(later, authority, staff, draft):
    with pytest.raises(ValidationError):
        mark_review_held(review=draft, by=staff, held_on=date(2026, 11, 19))


def test_held_defaults_to_today_even_before_the_planned_meeting(later, login, authority, staff, draft):
    response = login(staff).post(url("review_hold", authority, review_id=draft.pk))
    assert response.status_code == 302
    assert reload(draft).held_on == date(2026, 11, 30)  # the day it was marked, not the planned 3.12


def test_a_future_held_date_is_refused_on_the_page(later, login, authority, staff, draft):
    response = login(staff, language="en").post(url("review_hold", authority, review_id=draft.pk),
                                                 {"held_on": "03.12.2026"})
    assert response.status_code == 400
    assert "The meeting cannot have been held in the future" in response.content.decode()


def test_the_oversight_figures_count_from_the_held_date(later, authority, staff, draft):
    # Planned for 3.12 (13 days after the event), held on 22.11 (2 days after): on time.
    mark_review_held(review=draft, by=staff, held_on=date(2026, 11, 22))
    figures = oversight_figures(authority, OversightFilters(), today=date(2026, 11, 30))
    assert (figures.reviews_held, figures.reviews_held_on_time) == (1, 1)


def test_marked_held_before_a_timely_meeting_is_not_on_time_by_its_plan(later, authority, staff):
    # The event ended 10 days ago; the review was planned within 3 days but is only marked held today.
    event = EventFactory(authority=authority, starts_on=date(2026, 11, 20), ends_on=date(2026, 11, 20))
    review = ReviewFactory(event=event, meeting_date=date(2026, 11, 22), facilitator=staff, draft=True)
    mark_review_held(review=review, by=staff)  # today, 30.11
    later.shift(timedelta(days=5))
    figures = oversight_figures(authority, OversightFilters(), today=date(2026, 12, 5))
    assert (figures.reviews_held, figures.reviews_held_on_time) == (1, 0)
