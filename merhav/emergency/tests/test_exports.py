"""The event log is exported as .xlsx and .docx and a checklist run as a .docx report: what people wrote is
in them, formula-like text is escaped, and every export is written to the audit log."""

import io

from docx import Document
from openpyxl import load_workbook

from merhav.audit.models import AuditEntry
from merhav.core.context import acting_as

from .. import services
from .factories import LogEntryFactory
from .support import declare, url


def test_the_event_log_as_a_spreadsheet_escapes_formulas_and_is_audited(login, authority, ceo, staff):
    emergency = declare(authority, by=ceo)
    LogEntryFactory(emergency=emergency, text="=HYPERLINK(\"http://evil.example\")", created_by=staff)
    LogEntryFactory(emergency=emergency, text="נפתח מרכז קליטה", created_by=staff)
    response = login(staff).get(url("log_xlsx", authority, emergency_id=emergency.pk))
    assert response.status_code == 200
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    texts = [row[2] for row in rows[1:]]
    assert texts == ["הוכרז מצב חירום.", "'=HYPERLINK(\"http://evil.example\")", "נפתח מרכז קליטה"]
    assert AuditEntry.objects.filter(action="export", user=staff, fields=["log.xlsx"]).count() == 1


def test_the_event_log_as_a_word_document(login, authority, ceo, auditor):
    emergency = declare(authority, by=ceo, title="נפילת טיל")
    LogEntryFactory(emergency=emergency, text="הוחלט לפתוח חמ\"ל", kind="decision")
    response = login(auditor).get(url("log_docx", authority, emergency_id=emergency.pk))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert 'הוחלט לפתוח חמ"ל' in cells
    assert "נפילת טיל" in document.paragraphs[0].text


def test_a_checklist_run_as_a_word_report(login, authority, staff):
    with acting_as(staff, authority=authority):
        run = services.start_checklist_run(authority=authority, programme="אקוסיסטם STEM")
    response = login(staff).get(url("run_report", authority, checklist_run_id=run.pk))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "מה הן התחושות שעולות אצלי?" in cells
    assert AuditEntry.objects.filter(action="export", object_type="emergency.checklistrun").count() == 1


def test_an_outsider_gets_404(login, authority, ceo, outsider):
    emergency = declare(authority, by=ceo)
    assert login(outsider).get(url("log_xlsx", authority, emergency_id=emergency.pk)).status_code == 404
