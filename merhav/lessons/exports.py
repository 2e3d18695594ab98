"""Documents made from lessons data: the oversight figures as .xlsx and as a Word report, and a review as
a Word document. In Hebrew and Arabic they read right to left: Word paragraphs carry w:bidi, runs w:rtl,
tables w:bidiVisual and the section w:bidi; spreadsheet sheets are shown right to left.

Cells and paragraphs take text typed by people; every spreadsheet cell goes through
merhav.core.spreadsheets.safe_cell (text starting with = + - @, a tab or a carriage return gets a leading
apostrophe) so that it is never run as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils import formats, timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from merhav.core.spreadsheets import safe_cell

from .models import Question
from .selectors.oversight import ACTION_OUTCOMES, OversightFigures, RecurringGroup, percent

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


def day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


# --- Spreadsheets ------------------------------------------------------------------------------------------


class Sheets:
    """A workbook of simple tables: a bold header row, right to left in Hebrew and Arabic."""

    def __init__(self, *, rtl: bool | None = None):
        self.book = Workbook()
        self.rtl = get_language_bidi() if rtl is None else rtl
        self._first = True

    def sheet(self, title: str, header: Sequence[str], rows: Iterable[Sequence]):
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


def _outcome_header(first: str) -> list[str]:
    return [first] + [str(label) for _name, label in ACTION_OUTCOMES] + [_("Total")]


def _breakdown_rows(rows) -> list[list]:
    return [[b.label, *b.values, b.total] for b in rows]


def summary_rows(figures: OversightFigures) -> list[tuple[str, int, int | None]]:
    """(figure, count, percent of its whole) — the dashboard's summary, shared by both exports."""
    f = figures
    actions_total = f.actions.total
    return [
        (_("Reviews"), f.reviews_total, None),
        (_("Reviews held"), f.reviews_held, percent(f.reviews_held, f.reviews_total)),
        (_("Held within 3 days of the event"), f.reviews_held_on_time, percent(f.reviews_held_on_time, f.reviews_held)),
        (_("Held later"), f.reviews_held_late, percent(f.reviews_held_late, f.reviews_held)),
        (_("Not held yet"), f.reviews_not_held, percent(f.reviews_not_held, f.reviews_total)),
        (_("Lessons"), f.lessons_total, None),
        (_("Lessons with actions"), f.lessons_with_actions, percent(f.lessons_with_actions, f.lessons_total)),
        (_("Lessons without actions"), f.lessons_without_actions, percent(f.lessons_without_actions, f.lessons_total)),
        (_("Actions (not cancelled)"), actions_total, None),
        *[(str(label), getattr(f.actions, name), percent(getattr(f.actions, name), actions_total))
          for name, label in ACTION_OUTCOMES],
        (_("Cancelled actions"), f.actions_cancelled, None),
        (_("Follow-ups"), f.follow_ups_total, None),
        (_("Follow-ups held on time"), f.follow_ups_held_on_time, percent(f.follow_ups_held_on_time, f.follow_ups_total)),
        (_("Follow-ups held late"), f.follow_ups_held_late, percent(f.follow_ups_held_late, f.follow_ups_total)),
        (_("Follow-ups overdue"), f.follow_ups_overdue, percent(f.follow_ups_overdue, f.follow_ups_total)),
        (_("Follow-ups not yet due"), f.follow_ups_upcoming, percent(f.follow_ups_upcoming, f.follow_ups_total)),
    ]


def _recurring_rows(groups: Sequence[RecurringGroup]) -> list[list]:
    rows = []
    for group in groups:
        text = group.representative.text if group.representative else ""
        rows.append([text, group.lessons, group.events, day(group.first), day(group.last), group.did_not_work])
    return rows


def _recurring_header() -> list[str]:
    return [_("Lesson (latest wording)"), _("Lessons"), _("Events"), _("First"), _("Last"),
            _("Recurred after a done action")]


def oversight_xlsx(*, authority, figures: OversightFigures, filters_text: str,
                   recurring: Sequence[RecurringGroup]) -> bytes:
    sheets = Sheets()
    summary = sheets.sheet(
        _("Summary"), [_("Figure"), _("Count"), _("Percent")],
        [[label, count, pct if pct is not None else ""] for label, count, pct in summary_rows(figures)],
    )
    summary.append([])
    summary.append([safe_cell(_("Authority")), safe_cell(authority.name)])
    summary.append([safe_cell(_("Filters")), safe_cell(filters_text)])
    summary.append([safe_cell(_("As of")), day(figures.today)])
    sheets.sheet(_("By department"), _outcome_header(_("Department")), _breakdown_rows(figures.by_department))
    sheets.sheet(_("By owner"), _outcome_header(_("Owner")), _breakdown_rows(figures.by_owner))
    sheets.sheet(_("By event kind"), _outcome_header(_("Event kind")), _breakdown_rows(figures.by_kind))
    sheets.sheet(_("Recurring lessons"), _recurring_header(), _recurring_rows(recurring))
    return sheets.save()


# --- Word documents ----------------------------------------------------------------------------------------


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
    def _set_cs_size(style, half_points: int) -> None:
        r_pr = style.element.get_or_add_rPr()
        size = r_pr.find(qn("w:szCs"))
        if size is None:
            size = OxmlElement("w:szCs")
            r_pr.append(size)
        size.set(qn("w:val"), str(half_points))

    @staticmethod
    def _bidi(p_pr) -> None:
        if p_pr.find(qn("w:bidi")) is None:
            p_pr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)

    def _direct(self, paragraph) -> None:
        """Mark a paragraph and its runs right to left (directly, not only through the style)."""
        if not self.rtl:
            return
        self._bidi(paragraph._p.get_or_add_pPr())
        for run in paragraph.runs:
            run.font.rtl = True

    def heading(self, text: str, level: int = 1):
        paragraph = self.doc.add_heading(str(text), level=level)
        self._direct(paragraph)
        return paragraph

    def paragraph(self, text: str = "", *, bold_label: str = "", style: str | None = None):
        paragraph = self.doc.add_paragraph(style=style)
        if bold_label:
            paragraph.add_run(f"{bold_label}: ").bold = True
        paragraph.add_run(" ".join(str(text).split()))
        self._direct(paragraph)
        return paragraph

    def text(self, text: str):
        """A block of typed text: one paragraph per line."""
        for line in str(text or "").splitlines() or [""]:
            paragraph = self.doc.add_paragraph(line)
            self._direct(paragraph)

    def bullets(self, items: Iterable[str]):
        for item in items:
            self.paragraph(item, style="List Bullet")

    def table(self, header: Sequence[str], rows: Iterable[Sequence]):
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


def oversight_docx(*, authority, figures: OversightFigures, filters_text: str,
                   recurring: Sequence[RecurringGroup]) -> bytes:
    word = WordDocument()
    word.heading(_("Oversight of lessons learned — %(authority)s") % {"authority": authority.name}, 0)
    word.paragraph(filters_text, bold_label=_("Filters"))
    word.paragraph(day(figures.today), bold_label=_("As of"))
    word.heading(_("Summary"), 1)
    word.table([_("Figure"), _("Count"), _("Percent")],
               [[label, count, f"{pct}%" if pct is not None else ""] for label, count, pct in summary_rows(figures)])
    for title, first, rows in (
        (_("Actions by department"), _("Department"), figures.by_department),
        (_("Actions by owner"), _("Owner"), figures.by_owner),
        (_("Actions by event kind"), _("Event kind"), figures.by_kind),
    ):
        word.heading(title, 1)
        if rows:
            word.table(_outcome_header(first), _breakdown_rows(rows))
        else:
            word.paragraph(_("No actions."))
    word.heading(_("Recurring lessons"), 1)
    if recurring:
        word.table(_recurring_header(), _recurring_rows(recurring))
    else:
        word.paragraph(_("No lesson recurs across events."))
    word.paragraph(_("Exported on %(date)s.") % {"date": day(timezone.localdate())})
    return word.save()


def person_with_role(person) -> str:
    """A participant as the documents name them: the name, then role and department when known."""
    details = getattr(person, "details", None)
    name = person.full_name or person.email
    return f"{name} ({' · '.join(details)})" if details else name


def review_docx(*, review, sections, lessons, actions, participants, guests=(), authority=None,
                author=None) -> bytes:
    """The review as the participants wrote it: the authority, the event, the meeting (date, time, place,
    the day it was held), the people with their roles, the follow-up date, the five questions and
    answers, key lessons and other lessons, and the actions with owners and due dates. The document's
    properties carry its title, its author (who exported it) and its language."""
    word = WordDocument()
    word.properties(title=review.title, author=(author.full_name or author.email) if author else "",
                    subject=authority.name if authority else "")
    event = review.event
    word.heading(review.title, 0)
    if authority is not None:
        word.paragraph(authority.name, bold_label=_("Authority"))
    ended = event.ends_on or event.starts_on
    word.paragraph(f"{event.title} · {event.get_kind_display()} · {day(event.starts_on)}"
                   + (f"–{day(ended)}" if ended != event.starts_on else ""), bold_label=_("Event"))
    meeting = day(review.meeting_date)
    if review.meeting_time:
        meeting += f" {review.meeting_time:%H:%M}"
    if review.meeting_place:
        meeting += f" · {review.meeting_place}"
    word.paragraph(meeting, bold_label=_("Meeting date"))
    if review.held_on:
        word.paragraph(day(review.held_on), bold_label=_("Held on"))
    word.paragraph(review.facilitator.full_name if review.facilitator else "—", bold_label=_("Facilitator"))
    people = [person_with_role(p) for p in participants]
    people += [f"{g.name} ({g.role})" if g.role else g.name for g in guests]
    word.paragraph(", ".join(people) or "—", bold_label=_("Participants"))
    word.paragraph(review.get_status_display(), bold_label=_("Status"))
    if review.follow_up_due:
        word.paragraph(day(review.follow_up_due), bold_label=_("Follow-up date"))
    word.heading(_("The five questions"), 1)
    answers = {s.question: s.text for s in sections}
    for question in Question:
        word.heading(f"{question.value}. {question.label}", 2)
        word.text(answers.get(question.value) or "—")
    key = [lesson for lesson in lessons if lesson.is_key]
    other = [lesson for lesson in lessons if not lesson.is_key]
    word.heading(_("Key lessons"), 1)
    if key:
        word.bullets(lesson.text for lesson in key)
    else:
        word.paragraph(_("No key lessons were marked."))
    if other:
        word.heading(_("Other lessons"), 1)
        word.bullets(lesson.text for lesson in other)
    word.heading(_("Actions"), 1)
    if actions:
        rows = []
        for action in actions:
            owner = action.owner.full_name if action.owner else ""
            if action.owner_department:
                owner = f"{owner} ({action.owner_department.name})" if owner else action.owner_department.name
            rows.append([action.title, owner or "—", day(action.due_date), action.get_status_display(),
                         action.lesson.text if action.lesson else ""])
        word.table([_("What"), _("Owner"), _("Due date"), _("Status"), _("The lesson it answers")], rows)
    else:
        word.paragraph(_("No actions yet."))
    word.paragraph(_("Exported on %(date)s.") % {"date": day(timezone.localdate())})
    return word.save()
