"""The 2–3 day rule and 4–8 participants: outside them the review is saved, with a visible warning."""

from datetime import date, timedelta

import pytest

from merhav.lessons.services.reviews import meeting_date_warning, participants_warning

from .factories import EventFactory, ReviewFactory
from .support import make_people, url

EVENT_END = date(2025, 10, 12)  # the reviews below are dated from it


def _create(client, authority, event, meeting_date, participants):
    return client.post(url("review_create", authority), {
        "event": event.pk, "meeting_date": meeting_date, "participants": [p.pk for p in participants],
    }, follow=True)


@pytest.mark.parametrize("meeting_date", ["2025-10-11", "2025-10-16"])
def test_a_meeting_outside_the_rule_is_saved_with_a_warning(login, staff, authority, make_user, meeting_date):
    event = EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1),
                         ends_on=EVENT_END)
    people = make_people(make_user, authority, 5)
    response = _create(login(staff, language="en"), authority, event, meeting_date, people)
    body = response.content.decode()
    assert response.status_code == 200
    assert response.redirect_chain and "/reviews/" in response.redirect_chain[-1][0]
    assert "The guidance is 2–3 days" in body or "before the event ended" in body
    assert 'class="fact--warning"' in body  # also beside the meeting date on the review page


def test_a_meeting_within_three_days_has_no_warning(login, staff, authority, make_user):
    event = EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1),
                         ends_on=EVENT_END)
    people = make_people(make_user, authority, 5)
    body = _create(login(staff, language="en"), authority, event, "2025-10-15", people).content.decode()
    assert "fact--warning" not in body


@pytest.mark.parametrize("count", [3, 9])
def test_participants_outside_four_to_eight_are_saved_with_a_warning(login, staff, authority, make_user, count):
    event = EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1),
                         ends_on=EVENT_END)
    people = make_people(make_user, authority, count)
    body = _create(login(staff, language="en"), authority, event, "2025-10-14", people).content.decode()
    assert f"{count} participants. The guidance is 4–8 role-holders" in body
    assert 'class="fact--warning"' in body


def test_the_review_page_keeps_showing_the_warning(login, staff, authority, make_user):
    review = ReviewFactory(authority=authority, created_by=staff, participants=make_people(make_user, authority, 2),
                           draft=True)
    body = login(staff, language="en").get(url("review_detail", authority, review_id=review.pk)).content.decode()
    assert "2 participants. The guidance is 4–8 role-holders" in body


def test_the_rules(authority, staff):
    event = EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1),
                         ends_on=EVENT_END)
    assert meeting_date_warning(event, date(2025, 10, 12)) is None
    assert meeting_date_warning(event, date(2025, 10, 15)) is None
    assert meeting_date_warning(event, date(2025, 10, 11))
    assert meeting_date_warning(event, date(2025, 10, 16))
    assert [participants_warning(n) is None for n in (3, 4, 8, 9)] == [False, True, True, False]
