"""Inviting the participants of a review meeting: an in-app notification, an email with the meeting's date,
time and place and a link to the shared review, and an iCalendar invitation (a meeting with a time).

One invitation per review (its UID); its SEQUENCE is the review's invitation_sequence, raised each time the
meeting moves or people are removed, so that a calendar replaces what it holds: a REQUEST when invited or
moved, a CANCEL for someone removed. Called by the review services inside their transaction (the emails
leave after the commit).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

from merhav.accounts.models import User
from merhav.core.text import clean_text, one_line
from merhav.notify.services import Attachment, send_notification

from . import messages
from .models import Review

# A review meeting is short (seed 000): an hour in the calendar. Without a time yet, it is put at 09:00.
MEETING_MINUTES = 60
DEFAULT_MEETING_TIME = time(9, 0)

KIND_INVITED, KIND_MOVED, KIND_REMOVED = messages.INVITED, messages.MOVED, messages.REMOVED


def review_path(review: Review, authority_slug: str) -> str:
    return reverse("lessons:review_detail", kwargs={"authority_slug": authority_slug, "review_id": review.pk})


def meeting_start(review: Review) -> datetime | None:
    if review.meeting_date is None:
        return None
    start = datetime.combine(review.meeting_date, review.meeting_time or DEFAULT_MEETING_TIME)
    return timezone.make_aware(start, timezone.get_default_timezone())


def meeting_uid(review: Review) -> str:
    host = urlsplit(settings.MERHAV_SITE_URL).hostname or "merhav"
    return f"lessons-review-{review.pk}@{host}"


def meeting_ics(review: Review, *, attendee: User, authority_slug: str, cancel: bool = False) -> str:
    """The invitation (METHOD:REQUEST) or its cancellation (METHOD:CANCEL) for one attendee."""
    start = meeting_start(review)
    assert start is not None  # invitations are only sent for a meeting with a date
    link = settings.MERHAV_SITE_URL + review_path(review, authority_slug)
    cal = Calendar()
    cal.add("prodid", "-//Merhav//merhav//HE")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    event = CalendarEvent()
    event.add("uid", meeting_uid(review))
    event.add("sequence", review.invitation_sequence)
    event.add("dtstamp", timezone.now())
    # In UTC: every calendar reads it without a VTIMEZONE block, and shows it in its own time zone.
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", (start + timedelta(minutes=MEETING_MINUTES)).astimezone(UTC))
    event.add("summary", one_line(_("Review meeting: %(title)s") % {"title": review.title}))
    if review.meeting_place:
        event.add("location", one_line(review.meeting_place))
    event.add("description", clean_text(_("The shared review: %(link)s") % {"link": link}))
    event.add("url", link)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress("mailto:" + (parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@merhav.example"))
    organizer.params["cn"] = vText("Merhav")
    event.add("organizer", organizer)
    who = vCalAddress(f"mailto:{attendee.email}")
    who.params["cn"] = vText(one_line(attendee.full_name or attendee.email))
    who.params["role"] = vText("REQ-PARTICIPANT")
    who.params["rsvp"] = vText("FALSE")
    event.add("attendee", who)
    cal.add_component(event)
    return cal.to_ical().decode()


def message_params(review: Review) -> dict:
    """What the notification keeps to be rendered in the reader's language (merhav.lessons.messages)."""
    return {
        "title": review.title, "event": review.event.title,
        "date": review.meeting_date.isoformat() if review.meeting_date else "",
        "time": review.meeting_time.strftime("%H:%M") if review.meeting_time else "",
        "place": review.meeting_place,
    }


def _sends_calendar(review: Review) -> bool:
    """A calendar invitation only for a meeting still to come (a review of a past event is entered afterwards)."""
    return review.meeting_date is not None and review.meeting_date >= timezone.localdate()


def _send(review: Review, person: User, *, kind: str, cancel: bool = False) -> None:
    authority_slug = review.authority.slug
    with translation.override(person.language or "he"):
        attachment = None
        if _sends_calendar(review) and person.email:
            attachment = Attachment(
                name="cancel.ics" if cancel else "invite.ics",
                content_type=f"text/calendar; method={'CANCEL' if cancel else 'REQUEST'}; charset=utf-8",
                text=meeting_ics(review, attendee=person, authority_slug=authority_slug, cancel=cancel),
            )
    send_notification(
        recipient=person, kind=kind, authority=review.authority, attachment=attachment,
        message=kind, params=message_params(review),
        url="" if cancel else review_path(review, authority_slug),
        dedupe_key=f"{kind}:{review.pk}:{review.invitation_sequence}",
    )


def invite(review: Review, people: Iterable[User]) -> None:
    for person in people:
        _send(review, person, kind=KIND_INVITED)


def moved(review: Review, people: Iterable[User]) -> None:
    for person in people:
        _send(review, person, kind=KIND_MOVED)


def removed(review: Review, people: Iterable[User]) -> None:
    for person in people:
        _send(review, person, kind=KIND_REMOVED, cancel=True)
