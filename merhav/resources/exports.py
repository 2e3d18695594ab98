"""The gap document as files: .xlsx (every cell through safe_cell) and .docx (right to left in Hebrew and
Arabic: w:bidi on the paragraphs and the section, w:bidiVisual on the table, w:rtl on the runs)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import formats, timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from merhav.core.spreadsheets import safe_cell

from .selectors.gaps import GapRow

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def header() -> list[str]:
    return [_("Category"), _("Neighbourhood"), _("Desired (needed)"), _("Current (covered)"), _("Gap"),
            _("Covered %"), _("Existing responses' capacity"), _("What we will do about it")]


def row_values(row: GapRow) -> list:
    return [row.category_label, row.neighbourhood or _("No neighbourhood"), row.desired, row.current, row.gap,
            row.percent, row.responses, row.text]


def gap_xlsx(*, authority_name: str, rows: Sequence[GapRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Gap document")[:31]
    sheet.sheet_view.rightToLeft = get_language_bidi()
    sheet.append([safe_cell(_("Gap document between the current and the desired state")), safe_cell(authority_name),
                  formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")])
    sheet.append([])
    sheet.append([safe_cell(h) for h in header()])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([safe_cell(value) for value in row_values(row)])
    for letter, width in zip("ABCDEFGH", (22, 22, 14, 14, 10, 10, 16, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rtl_paragraph(paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.insert(0, OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run.font.rtl = True


def gap_docx(*, authority_name: str, rows: Sequence[GapRow]) -> bytes:
    rtl = get_language_bidi()
    doc = Document()
    if rtl:
        doc.sections[0]._sectPr.append(OxmlElement("w:bidi"))
    paragraphs = [
        doc.add_heading(_("Gap document between the current and the desired state"), level=1),
        doc.add_paragraph(f"{authority_name} · {formats.date_format(timezone.localdate(), 'SHORT_DATE_FORMAT')}"),
        doc.add_paragraph(_("For each category and neighbourhood: what the open needs ask for (desired), what "
                            "allocated resources cover (current), the gap between them, the capacity of existing "
                            "responses, and what we will do about it.")),
    ]
    table = doc.add_table(rows=1, cols=len(header()))
    table.style = "Table Grid"
    if rtl:
        tbl_pr = table._tbl.tblPr
        tbl_pr.append(OxmlElement("w:bidiVisual"))
    for cell, text in zip(table.rows[0].cells, header(), strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
        paragraphs.append(cell.paragraphs[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row_values(row), strict=True):
            cell.text = str(value)
            paragraphs.append(cell.paragraphs[0])
    if rtl:
        for paragraph in paragraphs:
            _rtl_paragraph(paragraph)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
