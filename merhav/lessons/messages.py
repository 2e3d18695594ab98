"""The lessons notifications, stored by key and parameters and rendered in the reader's language when
they are read (merhav.notify.messages; declared in apps.py). Parameters are plain JSON: texts, and dates
as ISO strings, formatted here in the reader's locale."""

from __future__ import annotations

from datetime import date, time

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

INVITED = "lessons.review_invitation"
MOVED = "lessons.review_moved"
REMOVED = "lessons.review_removed"
ACTION_ASSIGNED = "lessons.action_assigned"


def _day(iso: str | None, fmt: str = "SHORT_DATE_FORMAT") -> str:
    return date_format(date.fromisoformat(iso), fmt) if iso else ""


def _meeting_body(params: dict, intro: str) -> str:
    lines = [intro, "", _("Event: %(title)s") % {"title": params.get("event", "")}]
    if params.get("date"):
        when = _day(params["date"])
        if params.get("time"):
            when += " " + time_format(time.fromisoformat(params["time"]), "TIME_FORMAT")
        lines.append(_("When: %(when)s") % {"when": when})
    if params.get("place"):
        lines.append(_("Where: %(place)s") % {"place": params["place"]})
    lines += ["", _("The review is a shared document: open it from the link to read and write the answers.")]
    return "\n".join(lines)


def invited(params: dict) -> tuple[str, str]:
    if params.get("date"):
        title = _("Review meeting on %(date)s: %(title)s") % {"date": _day(params["date"], "d.m"),
                                                                "title": params["title"]}
    else:
        title = _("You take part in a review: %(title)s") % {"title": params["title"]}
    return title, _meeting_body(params, _("You were invited to take part in an after-action review."))


def moved(params: dict) -> tuple[str, str]:
    title = _("Review meeting moved to %(date)s: %(title)s") % {"date": _day(params.get("date"), "d.m"),
                                                                 "title": params["title"]}
    return title, _meeting_body(params, _("The review meeting has a new date, time or place."))


def removed(params: dict) -> tuple[str, str]:
    title = _("Review meeting cancelled for you: %(title)s") % {"title": params["title"]}
    return title, _meeting_body(params, _("You were removed from the participants of this review; the meeting "
                                          "is taken out of your calendar."))


def action_assigned(params: dict) -> tuple[str, str]:
    return (_("New action: %(title)s") % {"title": params["title"]},
            _("Due on %(date)s.") % {"date": _day(params["due"])})


MESSAGES = {INVITED: invited, MOVED: moved, REMOVED: removed, ACTION_ASSIGNED: action_assigned}
