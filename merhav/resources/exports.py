"""The gap document as files: .xlsx (every cell through safe_cell) and .docx (right to left in Hebrew and
Arabic: merhav.core.documents.WordDocument)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import formats, timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from merhav.core.documents import DOCX_TYPE, XLSX_TYPE, WordDocument
from merhav.core.spreadsheets import safe_cell

from .selectors.gaps import GapRow

__all__ = ["DOCX_TYPE", "XLSX_TYPE", "gap_docx", "gap_xlsx", "header", "row_values"]


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


def gap_docx(*, authority_name: str, rows: Sequence[GapRow]) -> bytes:
    word = WordDocument()
    title = _("Gap document between the current and the desired state")
    word.properties(title=f"{title} · {authority_name}")
    word.heading(title, level=1)
    word.paragraph(f"{authority_name} · {formats.date_format(timezone.localdate(), 'SHORT_DATE_FORMAT')}")
    word.paragraph(_("For each category and neighbourhood: what the open needs ask for (desired), what "
                     "allocated resources cover (current), the gap between them, the capacity of existing "
                     "responses, and what we will do about it."))
    word.table(header(), [row_values(row) for row in rows])
    return word.save()
