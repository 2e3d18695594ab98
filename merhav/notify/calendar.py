"""The personal calendar feed. Modules declare providers of a user's events (merhav.core.modules)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from icalendar import Calendar, Event

from merhav.core.modules import calendar_providers
from merhav.core.text import clean_text, one_line


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    summary: str
    start: date | datetime
    description: str = ""
    url: str = ""


def build_calendar(items: Iterable[CalendarItem], name: str = "Merhav") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Merhav//merhav//HE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for item in items:
        event = Event()
        event.add("uid", f"{item.uid}@merhav")
        # Typed text: a one-line summary, and no control character (RFC 5545 forbids them; a client that
        # meets a raw line separator or NUL drops the entry or the whole feed).
        event.add("summary", one_line(item.summary))
        event.add("dtstart", item.start)
        event.add("dtstamp", datetime.now().astimezone())
        if item.description:
            event.add("description", clean_text(item.description))
        if item.url:
            event.add("url", settings.MERHAV_SITE_URL + item.url)
        cal.add_component(event)
    return cal.to_ical()


def feed_for_user(user) -> bytes:
    items = []
    for provider in calendar_providers():
        items.extend(provider(user))
    return build_calendar(items)
