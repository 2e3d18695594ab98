"""Documents of the plan: the work plan and budget as .xlsx, the whole plan as a Word document. In Hebrew and
Arabic they read right to left (sheets shown right to left; Word paragraphs w:bidi, runs w:rtl, tables
w:bidiVisual, the section w:bidi). Every spreadsheet cell goes through safe_cell, so text typed by people is
never run as a formula."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils import formats
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.styles import Font

from merhav.core.spreadsheets import safe_cell

from .models import Meeting, Plan, PlanAction
from .selectors import Budget, LogicModel

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _sheet(book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence], *, first: bool, rtl: bool):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = rtl
    sheet.append([safe_cell(str(h)) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    return sheet


def work_plan_xlsx(*, plan: Plan, actions: Sequence[PlanAction], budget: Budget) -> bytes:
    rtl = get_language_bidi()
    book = Workbook()
    _sheet(book, _("Actions"), [
        _("Channel"), _("Action"), _("Owner"), _("Start"), _("End"), _("Status"), _("Progress (%)"),
        _("Target it advances"), _("Depends on"), _("Budget (ILS)"),
    ], [[
        a.channel.name, a.title, a.owner.full_name if a.owner else "", day(a.start), day(a.end),
        str(a.get_status_display()), a.progress, a.outcome.title if a.outcome else "",
        next((b.title for b in actions if b.pk == a.depends_on_id), ""), float(a.budget_total),
    ] for a in actions], first=True, rtl=rtl)
    _sheet(book, _("Budget lines"), [_("Channel"), _("Action"), _("Year"), _("Funding source"), _("Amount (ILS)")], [
        [a.channel.name, a.title, line.year, str(line.get_source_display()), float(line.amount)]
        for a in actions for line in a.budget_lines.all()
    ], first=False, rtl=rtl)
    _sheet(book, _("Budget by year"), [_("Channel"), *[str(y) for y in budget.years], _("Total")], [
        *[[name, *[float(v) for v in values], float(total)] for name, values, total in budget.by_channel],
        [_("Total"), *[float(v) for v in budget.totals], float(budget.total)],
    ], first=False, rtl=rtl)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Word -------------------------------------------------------------------------------------------------------


class _Word:
    """A python-docx document that reads right to left in Hebrew and Arabic."""

    def __init__(self) -> None:
        self.rtl = get_language_bidi()
        self.doc = Document()
        if self.rtl:
            for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "Table Grid"):
                try:
                    style = self.doc.styles[style_name]
                except KeyError:
                    continue
                style.font.rtl = True
                p_pr = style.element.get_or_add_pPr()
                if p_pr.find(qn("w:bidi")) is None:
                    p_pr.insert(0, OxmlElement("w:bidi"))
            for section in self.doc.sections:
                section._sectPr.append(OxmlElement("w:bidi"))

    def _rtl(self, paragraph) -> None:
        if self.rtl:
            p_pr = paragraph._p.get_or_add_pPr()
            if p_pr.find(qn("w:bidi")) is None:
                p_pr.insert(0, OxmlElement("w:bidi"))
            for run in paragraph.runs:
                run.font.rtl = True

    def heading(self, text: str, level: int = 1) -> None:
        self._rtl(self.doc.add_heading(text, level=level))

    def para(self, text: str, style: str | None = None) -> None:
        self._rtl(self.doc.add_paragraph(text, style=style))

    def table(self, header: Sequence[str], rows: Sequence[Sequence]) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        if self.rtl:
            bidi = OxmlElement("w:bidiVisual")
            table._tbl.tblPr.insert(0, bidi)
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = str(text)
            self._rtl(cell.paragraphs[0])
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)
                self._rtl(cell.paragraphs[0])

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def plan_docx(*, plan: Plan, meetings: Sequence[Meeting], goals, challenges, model: LogicModel,
              actions: Sequence[PlanAction], budget: Budget, initiatives) -> bytes:
    word = _Word()
    word.doc.add_heading(plan.title, level=0)
    word._rtl(word.doc.paragraphs[-1])
    word.para(_("Status: %(status)s") % {"status": plan.get_status_display()})
    if plan.vision:
        word.heading(_("Vision"))
        word.para(plan.vision)
    if plan.description:
        word.para(plan.description)
    word.heading(_("Goals"))
    for goal in goals:
        word.para(goal.title, style="List Bullet")
    word.heading(_("The five challenges"))
    for challenge in challenges:
        word.heading(challenge.title, level=2)
        if challenge.situation:
            word.para(challenge.situation)
    word.heading(_("Logic model"))
    for _kind, label, nodes in model.columns:
        if nodes:
            word.heading(label, level=2)
            for node in nodes:
                word.para(node.title, style="List Bullet")
    if model.indicators:
        word.heading(_("Indicators"), level=2)
        word.table([_("Indicator"), _("Outcome"), _("Baseline"), _("Target"), _("Target date"), _("Latest")], [
            [v.indicator.name, v.indicator.outcome.title, v.indicator.baseline, v.indicator.target,
             day(v.indicator.target_date), "—" if v.indicator.latest_value is None else v.indicator.latest_value]
            for v in model.indicators
        ])
    word.heading(_("Work plans by channel"))
    word.table([_("Channel"), _("Action"), _("Owner"), _("Start"), _("End"), _("Status"), _("Budget (ILS)")], [
        [a.channel.name, a.title, a.owner.full_name if a.owner else "—", day(a.start), day(a.end),
         a.get_status_display(), f"{a.budget_total:,.0f}"] for a in actions
    ])
    if budget.years:
        word.heading(_("Budget by year"), level=2)
        word.table([_("Channel"), *[str(y) for y in budget.years], _("Total")], [
            *[[name, *[f"{v:,.0f}" for v in values], f"{total:,.0f}"] for name, values, total in budget.by_channel],
            [_("Total"), *[f"{v:,.0f}" for v in budget.totals], f"{budget.total:,.0f}"],
        ])
    word.heading(_("The process"))
    word.table([_("Step"), _("Date"), _("Status")], [
        [m.get_step_display() + (f" — {m.channel.name} {m.number}" if m.channel_id else ""), day(m.when),
         m.get_status_display()] for m in meetings
    ])
    if initiatives:
        word.heading(_("Experimental pilot"))
        word.table([_("Initiative"), _("Score"), _("Status")], [
            [i.title, "—" if i.score is None else i.score, i.get_status_display()] for i in initiatives
        ])
    return word.save()
