"""The personal calendar feed. Modules register a provider of events for a user."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from icalendar import Calendar, Event


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    summary: str
    start: date | datetime
    description: str = ""
    url: str = ""


# Each provider takes a user and yields CalendarItems (e.g. lessons: due dates of their actions).
PROVIDERS: list[Callable[[object], Iterable[CalendarItem]]] = []


def register_provider(provider):
    PROVIDERS.append(provider)
    return provider


def build_calendar(items: Iterable[CalendarItem], name: str = "Merhav") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Merhav//merhav//HE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for item in items:
        event = Event()
        event.add("uid", f"{item.uid}@merhav")
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        event.add("dtstamp", datetime.now().astimezone())
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", settings.MERHAV_SITE_URL + item.url)
        cal.add_component(event)
    return cal.to_ical()


def feed_for_user(user) -> bytes:
    items = []
    for provider in PROVIDERS:
        items.extend(provider(user))
    return build_calendar(items)
