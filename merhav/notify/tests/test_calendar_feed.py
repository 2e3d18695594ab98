"""/calendar/<token>.ics: a user's due dates as iCalendar; the long random token in the address is the
credential, one per user."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from merhav.accounts.selectors import calendar_feed_url
from merhav.notify import calendar
from merhav.notify.calendar import CalendarItem


def feed_url(user) -> str:
    return reverse("notify:calendar_feed", kwargs={"token": user.ensure_calendar_token()})


@pytest.fixture
def provider(monkeypatch):
    """One provider that gives each user a due date (other modules' providers are left out)."""

    def due_dates(user):
        yield CalendarItem(uid=f"test-{user.pk}", summary=f"Due: report of {user.pk}", start=dt.date(2026, 7, 1),
                           description="Send the report.", url="/notifications/")

    monkeypatch.setattr(calendar, "calendar_providers", lambda: [due_dates])
    return due_dates


def test_the_feed_is_valid_icalendar(client, staff, provider):
    response = client.get(feed_url(staff))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(response.content)
    assert parsed["VERSION"] == "2.0"
    events = list(parsed.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == f"Due: report of {staff.pk}"
    assert event.decoded("DTSTART") == dt.date(2026, 7, 1)
    assert str(event["UID"]) == f"test-{staff.pk}@merhav"
    assert str(event["URL"]).endswith("/notifications/")


def test_each_user_sees_only_their_own(client, staff, ceo, provider):
    content = client.get(feed_url(ceo)).content.decode()
    assert f"report of {ceo.pk}" in content
    assert f"report of {staff.pk}" not in content


def test_a_wrong_token_is_404(client, staff, provider):
    staff.ensure_calendar_token()
    assert client.get(reverse("notify:calendar_feed", kwargs={"token": "not-the-token"})).status_code == 404


def test_an_inactive_users_feed_is_404(client, staff, provider):
    url = feed_url(staff)
    staff.is_active = False
    staff.save()
    assert client.get(url).status_code == 404


def test_the_token_is_long_random_and_per_user(staff, ceo):
    tokens = {staff.ensure_calendar_token(), ceo.ensure_calendar_token()}
    assert len(tokens) == 2
    assert all(len(token) >= 43 for token in tokens)  # 32 random bytes
    assert staff.ensure_calendar_token() == staff.calendar_token  # stable once made


def test_the_profile_shows_the_full_address(login, staff, settings):
    client = login(staff)
    client.post(reverse("accounts:calendar_token_reset"))  # made when asked for, never by a GET
    response = client.get(reverse("accounts:profile"))
    staff.refresh_from_db()
    assert calendar_feed_url(staff).startswith(settings.MERHAV_SITE_URL + "/calendar/")
    assert calendar_feed_url(staff) in response.content.decode()


def test_the_feed_is_not_cached_by_proxies(client, staff, provider):
    response = client.get(feed_url(staff))
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_a_new_address_replaces_the_old_one(login, staff, provider):
    client = login(staff)
    old_url = feed_url(staff)
    response = client.post(reverse("accounts:calendar_token_reset"))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(staff)).status_code == 200
