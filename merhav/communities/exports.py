"""The syllabus as a spreadsheet (.xlsx, every cell through safe_cell) and as a calendar (.ics); and the
user's meetings in the personal calendar feed (merhav.notify.calendar)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scope
from openpyxl import Workbook

from merhav.core.spreadsheets import safe_row
from merhav.notify.calendar import CalendarItem, build_calendar

from .models import Community, Meeting


def _where(meeting: Meeting) -> str:
    return _("Zoom") if meeting.online else meeting.host


def syllabus_xlsx(community: Community, year: int, meetings: Sequence[Meeting]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}-{year + 1}"
    sheet.sheet_view.rightToLeft = True
    sheet.append(safe_row([community.name, _("Syllabus %(year)s") % {"year": f"{year}–{year + 1}"}]))
    sheet.append(safe_row([_("Number"), _("Date"), _("Last day"), _("Topic of the meeting"), _("Kind"),
                           _("Host"), _("Online")]))
    for m in meetings:
        sheet.append(safe_row([m.number or "", m.starts_on, m.ends_on or "", m.title, str(m.get_kind_display()),
                               m.host, _("Yes") if m.online else _("No")]))
    for column, width in zip("ABCDEFG", (8, 12, 12, 40, 20, 28, 8), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "DD.MM.YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _item(meeting: Meeting, community_name: str) -> CalendarItem:
    where = _where(meeting)
    return CalendarItem(
        uid=f"communities-meeting-{meeting.pk}",
        summary=f"{community_name}: {meeting.title}",
        start=meeting.starts_on,
        description=" · ".join(p for p in (str(meeting.get_kind_display()), where) if p),
        url=reverse("communities:meeting", args=[meeting.community_id, meeting.pk]),
    )


def syllabus_ics(community: Community, meetings: Iterable[Meeting]) -> bytes:
    return build_calendar([_item(m, community.name) for m in meetings], name=community.name)


def meeting_dates(user) -> list[CalendarItem]:
    """The personal calendar feed: the meetings of the communities the user is a member of (two queries)."""
    from .models import CommunityMember

    names = dict(CommunityMember.objects.filter(user=user, is_active=True)
                 .values_list("community_id", "community__name"))
    if not names:
        return []
    with scope(community=list(names)):
        rows = Meeting.objects.filter(community_id__in=list(names)).select_related("host_authority").order_by("starts_on")
        return [_item(m, names[m.community_id]) for m in rows]
