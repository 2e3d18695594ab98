"""The dashboard's figures as .xlsx and as a Word report: they open, carry the figures, read right to left
in Hebrew, never run a typed text as a formula, and each export is written to the audit log."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from merhav.audit.models import AuditEntry
from merhav.lessons.models import ActionItem, Review
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .factories import ActionItemFactory, EventFactory, LessonFactory, ReviewFactory
from .support import url


@pytest.fixture
def data(authority, make_user):
    T = timezone.localdate()
    owner = make_user(authority=authority, full_name="=HYPERLINK(\"http://evil.example\")")
    pi = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    event = EventFactory(authority=authority, starts_on=T - timedelta(days=30), ends_on=T - timedelta(days=29),
                         departments=[pi])
    review = ReviewFactory(event=event, meeting_date=T - timedelta(days=27), status=Review.Status.HELD)
    lesson = LessonFactory(review=review, text="+לא היו הודעות נצורות מוכנות", department=pi)
    ActionItemFactory(review=review, lesson=lesson, owner=owner, due_date=T - timedelta(days=3))  # overdue
    ActionItemFactory(review=review, owner_department=pi, due_date=T + timedelta(days=3))  # open
    ActionItemFactory(review=review, owner=owner, due_date=T - timedelta(days=10), status=ActionItem.Status.DONE,
                      done_on=T - timedelta(days=12))
    return {"owner": owner, "review": review}


def rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_xlsx_opens_and_has_the_figures(login, auditor, authority, data):
    response = login(auditor, language="en").get(url("oversight_xlsx", authority))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "By department", "By owner", "By event kind", "Recurring lessons"]
    summary = {row[0]: row[1] for row in rows(book["Summary"])[1:] if row and row[0]}
    assert summary["Reviews"] == 1
    assert summary["Held within 3 days of the event"] == 1
    assert summary["Lessons with actions"] == 1
    assert summary["Actions (not cancelled)"] == 3
    assert (summary["Done on time"], summary["Overdue"], summary["Open, not yet due"]) == (1, 1, 1)
    owner_row = next(r for r in rows(book["By owner"])[1:] if "HYPERLINK" in str(r[0]))
    assert owner_row[1:] == [1, 0, 1, 0, 2]  # done on time, late, overdue, open, total


def test_the_xlsx_reads_right_to_left_in_hebrew_and_escapes_formulas(login, auditor, authority, data):
    book = load_workbook(io.BytesIO(login(auditor).get(url("oversight_xlsx", authority)).content))
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    texts = [value for sheet in book.worksheets for row in rows(sheet) for value in row if isinstance(value, str)]
    assert not any(value[:1] in "=+-@" for value in texts)
    assert "'=HYPERLINK(\"http://evil.example\")" in texts
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)


def test_the_xlsx_reads_left_to_right_in_english(login, auditor, authority, data):
    book = load_workbook(io.BytesIO(login(auditor, language="en").get(url("oversight_xlsx", authority)).content))
    assert not book.worksheets[0].sheet_view.rightToLeft
    assert rows(book.worksheets[0])[0] == ["Figure", "Count", "Percent"]


def test_the_word_report_opens_reads_right_to_left_and_has_the_figures(login, auditor, authority, data):
    response = login(auditor).get(url("oversight_docx", authority))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs
    assert all(p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in paragraphs)
    assert all(r.font.rtl for p in paragraphs for r in p.runs)
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert authority.name in document.paragraphs[0].text
    assert '=HYPERLINK("http://evil.example")' in cells  # a Word table cell is never a formula
    assert "3" in cells


def test_each_export_is_audit_logged(login, auditor, authority, data):
    client = login(auditor)
    client.get(url("oversight_xlsx", authority))
    client.get(url("oversight_docx", authority, "?kind=emergency"))
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, user=auditor, authority=authority)
    assert sorted(e.fields[0] for e in entries) == ["docx", "xlsx"]


def test_exports_follow_the_filters(login, auditor, authority, data):
    client = login(auditor, language="en")

    def summary(query: str = "") -> dict:
        book = load_workbook(io.BytesIO(client.get(url("oversight_xlsx", authority, query)).content))
        return {row[0]: row[1] for row in rows(book["Summary"])[1:] if row and row[0]}

    everything, friction = summary(), summary("?kind=friction")
    figures = ("Reviews", "Lessons with actions", "Actions (not cancelled)")
    assert [everything[name] for name in figures] == [1, 1, 3]
    assert friction.keys() == everything.keys()  # the same figures, counted over the filtered data
    # The data is about an emergency: no review, lesson or action of that kind.
    assert [friction[name] for name in figures] == [0, 0, 0]


def test_staff_may_not_export_and_the_outsider_gets_404(login, staff, outsider, authority, data):
    assert login(staff).get(url("oversight_xlsx", authority)).status_code == 403
    assert login(outsider).get(url("oversight_docx", authority)).status_code == 404
