"""The yearly syllabus as a Gantt chart: SVG drawn on the server (no JavaScript), one row per meeting on
a September-to-August axis, mirrored in Hebrew and Arabic. The page puts a table of the same meetings
beside it; the chart is a picture of that table."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from .models import Community, Meeting

COLORS = {Meeting.Kind.MEETING: "#005fa3", Meeting.Kind.SEMINAR: "#8a5a00", Meeting.Kind.CONFERENCE: "#1f6b36"}
ONLINE_COLOR = "#5b3f8c"
_ids = itertools.count(1)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def syllabus_gantt(community: Community, year: int, meetings: Sequence[Meeting], *, rtl: bool | None = None,
                   width: int = 860, label_width: int = 260, row_height: int = 30) -> SafeString:
    rtl = get_language_bidi() if rtl is None else rtl
    first, last = community.syllabus_bounds(year)
    days = (last - first).days + 1
    pad, header = 8, 30
    area = width - label_width - 2 * pad
    height = header + pad + row_height * max(1, len(meetings)) + pad
    chart_id = f"gantt-{next(_ids)}"

    def x_of(day: date) -> float:
        offset = (day - first).days / days * area
        return (width - label_width - pad - offset) if rtl else (label_width + pad + offset)

    title = _("Syllabus %(year)s") % {"year": f"{year}–{year + 1}"}
    description = _("One row per meeting, on an axis from September to August. The table below has the same meetings.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart gantt" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    # Month grid and names.
    month = first
    while month <= last:
        x = x_of(month)
        parts.append(f'<line x1="{x:.1f}" y1="{header - 6}" x2="{x:.1f}" y2="{height - pad}" stroke="#c9ced3" stroke-width="1"/>')
        following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        middle = x_of(month) + (x_of(following) - x_of(month)) / 2 if following <= last else x + (-12 if rtl else 12)
        parts.append(f'<text x="{middle:.1f}" y="{header - 12}" text-anchor="middle" font-size="11" fill="#41484f">'
                     f'{escape(date_format(month, "M"))}</text>')
        month = following
    label_x = width - pad if rtl else pad
    anchor = "start"  # with direction="rtl" the start of the text is its right end
    for index, meeting in enumerate(meetings):
        y = header + pad + index * row_height
        number = f"{meeting.number}. " if meeting.number else ""
        where = _("Zoom") if meeting.online else meeting.host
        label = _short(f"{number}{meeting.title}" + (f" / {where}" if where else ""))
        parts.append(f'<text x="{label_x}" y="{y + row_height / 2 + 4:.1f}" text-anchor="{anchor}" font-size="12" '
                     f'fill="#1b1f23" direction="{"rtl" if rtl else "ltr"}">{escape(label)}</text>')
        start, end = x_of(meeting.starts_on), x_of(meeting.last_day)
        span = abs(end - start) + area / days  # a day's width at least
        bar_x = min(start, end) - (area / days if rtl else 0)
        bar_w = max(span, 8.0)
        color = ONLINE_COLOR if meeting.online else COLORS.get(meeting.kind, COLORS[Meeting.Kind.MEETING])
        when = meeting.starts_on.strftime("%d.%m.%Y") + (
            "–" + meeting.ends_on.strftime("%d.%m.%Y") if meeting.ends_on and meeting.ends_on != meeting.starts_on else "")
        parts.append(f'<rect x="{bar_x:.1f}" y="{y + 6}" width="{bar_w:.1f}" height="{row_height - 12}" rx="3" '
                     f'fill="{color}"><title>{escape(f"{label} — {when}")}</title></rect>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
