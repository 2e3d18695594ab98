"""A title typed with line breaks or control characters still gives a well-formed calendar entry: the
summary is one line, and no raw control character (RFC 5545 forbids them in text) reaches the feed."""

import re

from django.urls import reverse
from icalendar import Calendar

from .factories import ActionItemFactory, ReviewFactory

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


def test_an_action_title_with_line_breaks_gives_a_valid_entry(client, authority, ceo, staff):
    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff, title="Fix the\r\ngate\u2028now\x0bplease\x07",
                description="Step one\nstep\u2029two\x1b")
    response = client.get(reverse("notify:calendar_feed", kwargs={"token": staff.ensure_calendar_token()}))
    body = response.content.decode()
    for line in body.split("\r\n"):
        assert not CONTROL.search(line), repr(line)
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["SUMMARY"]).endswith("Fix the gate now please")
    assert str(event["DESCRIPTION"]) == "Step one\nstep\ntwo"
