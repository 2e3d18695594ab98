"""Office documents that every module hands around: simple workbooks (`Sheets`) and Word documents
(`WordDocument`) that read right to left in Hebrew and Arabic — Word paragraphs carry w:bidi, runs w:rtl,
tables w:bidiVisual and the section w:bidi, each element inserted where the schema orders it (Word reports a
document with them out of order as damaged); spreadsheet sheets are shown right to left.

Cells take text typed by people: every spreadsheet cell goes through merhav.core.spreadsheets.safe_cell (text
starting with = + - @, a tab or a carriage return gets a leading apostrophe) so that it is never run as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import get_language, get_language_bidi
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from merhav.core.spreadsheets import safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# What may follow w:bidi inside w:pPr (the schema's order), so that it is inserted in the right place.
_PPR_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_SECTPR_AFTER_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_TBLPR_AFTER_BIDI_VISUAL = (
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)
_LANGUAGE_TAGS = {"he": "he-IL", "ar": "ar-SA", "en": "en-GB"}
# The language a document's properties declare.
_DOCUMENT_LANGUAGES = {"he": "he-IL", "ar": "ar", "en": "en"}


def day(value: date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


# --- Spreadsheets ------------------------------------------------------------------------------------------


class Sheets:
    """A workbook of simple tables: a bold header row, right to left in Hebrew and Arabic."""

    def __init__(self, *, rtl: bool | None = None):
        self.book = Workbook()
        self.rtl = get_language_bidi() if rtl is None else rtl
        self._first = True

    def sheet(self, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Worksheet:
        if self._first:
            sheet = self.book.active
            sheet.title = title[:31]
            self._first = False
        else:
            sheet = self.book.create_sheet(title[:31])
        sheet.sheet_view.rightToLeft = self.rtl
        sheet.append([safe_cell(str(h)) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = [len(str(h)) for h in header]
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
            for n, value in enumerate(row):
                if n < len(widths):
                    widths[n] = max(widths[n], min(60, len(str(value))))
        for n, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(n)].width = max(10, width + 2)
        sheet.freeze_panes = "A2"
        return sheet

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


# --- Word ---------------------------------------------------------------------------------------------------


class WordDocument:
    """A python-docx document that reads right to left in Hebrew and Arabic."""

    def __init__(self, *, rtl: bool | None = None, language: str | None = None):
        self.rtl = get_language_bidi() if rtl is None else rtl
        self.language = (language or get_language() or "he")[:2]
        self.doc = Document()
        tag = _LANGUAGE_TAGS.get(self.language, "he-IL")
        for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid", "List Bullet"):
            try:
                style = self.doc.styles[style_name]
            except KeyError:
                continue
            r_pr = style.element.get_or_add_rPr()
            fonts = r_pr.get_or_add_rFonts()
            fonts.set(qn("w:cs"), "Arial")
            fonts.set(qn("w:ascii"), "Arial")
            fonts.set(qn("w:hAnsi"), "Arial")
            lang = r_pr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                r_pr.append(lang)
            lang.set(qn("w:val"), tag)
            lang.set(qn("w:bidi"), tag if self.rtl else "he-IL")
            if self.rtl:
                style.font.rtl = True
                self._bidi(style.element.get_or_add_pPr())
        self.doc.styles["Normal"].font.size = Pt(11)
        self._set_cs_size(self.doc.styles["Normal"], 22)
        for section in self.doc.sections:
            if self.rtl:
                bidi = OxmlElement("w:bidi")
                section._sectPr.insert_element_before(bidi, *_SECTPR_AFTER_BIDI)

    def properties(self, *, title: str = "", author: str = "", subject: str = "") -> None:
        """The document's properties (File → Info): title, author, subject, and its language tag."""
        props = self.doc.core_properties
        props.title = title[:250]
        props.author = author[:250]
        props.last_modified_by = author[:250]
        props.subject = subject[:250]
        props.language = _DOCUMENT_LANGUAGES.get(self.language, "he-IL")

    @staticmethod
    def _set_cs_size(style: Any, half_points: int) -> None:
        r_pr = style.element.get_or_add_rPr()
        size = r_pr.find(qn("w:szCs"))
        if size is None:
            size = OxmlElement("w:szCs")
            r_pr.append(size)
        size.set(qn("w:val"), str(half_points))

    @staticmethod
    def _bidi(p_pr: Any) -> None:
        if p_pr.find(qn("w:bidi")) is None:
            p_pr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)

    def _direct(self, paragraph: Paragraph) -> None:
        """Mark a paragraph and its runs right to left (directly, not only through the style)."""
        if not self.rtl:
            return
        self._bidi(paragraph._p.get_or_add_pPr())
        for run in paragraph.runs:
            run.font.rtl = True

    def heading(self, text: str, level: int = 1) -> Paragraph:
        paragraph = self.doc.add_heading(str(text), level=level)
        self._direct(paragraph)
        return paragraph

    def paragraph(self, text: str = "", *, bold_label: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        if bold_label:
            paragraph.add_run(f"{bold_label}: ").bold = True
        paragraph.add_run(" ".join(str(text).split()))
        self._direct(paragraph)
        return paragraph

    def text(self, text: str) -> None:
        """A block of typed text: one paragraph per line."""
        for line in str(text or "").splitlines() or [""]:
            paragraph = self.doc.add_paragraph(line)
            self._direct(paragraph)

    def bullets(self, items: Iterable[str]) -> None:
        for item in items:
            self.paragraph(item, style="List Bullet")

    def table(self, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Table:
        rows = list(rows)
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if self.rtl:
            tbl_pr = table._tbl.tblPr
            tbl_pr.insert_element_before(OxmlElement("w:bidiVisual"), *_TBLPR_AFTER_BIDI_VISUAL)
        for cell, value in zip(table.rows[0].cells, header, strict=True):
            cell.text = str(value)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.bold = True
                self._direct(paragraph)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = "" if value is None else str(value)
                for paragraph in cell.paragraphs:
                    self._direct(paragraph)
        return table

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
