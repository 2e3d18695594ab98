"""Documents of emergency operations: the event log as .xlsx and .docx, and a run of the ecosystem manager's
checklist as a .docx report. In Hebrew and Arabic they read right to left. The writers are the lessons
module's (its Sheets and WordDocument: the module arrow emergency → lessons), so that every export of
Merhav looks alike; every spreadsheet cell goes through merhav.core.spreadsheets.safe_cell."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from merhav.core.documents import DOCX_TYPE, XLSX_TYPE, Sheets, WordDocument

from .models import ChecklistAnswer, Emergency, LogEntry

__all__ = ["DOCX_TYPE", "XLSX_TYPE", "checklist_docx", "log_docx", "log_xlsx"]


def when(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "—"


def entry_text(entry: LogEntry) -> str:
    if entry.kind != LogEntry.Kind.SYSTEM:
        return entry.text
    if entry.text == "declared":
        return _("The emergency was declared.")
    if entry.text == "ended":
        return _("The emergency ended; the authority is back to routine.")
    return _("A sealed message was issued.")


def _log_rows(entries: Iterable[LogEntry]) -> Iterable[list[str]]:
    for entry in entries:
        by = (entry.created_by.full_name or entry.created_by.email) if entry.created_by else "—"
        yield [when(entry.created_at), str(entry.get_kind_display()), entry_text(entry), by]


def _header() -> list[str]:
    return [_("When"), _("Kind"), _("Entry"), _("By")]


def log_xlsx(*, emergency: Emergency, entries: Iterable[LogEntry]) -> bytes:
    sheets = Sheets()
    sheets.sheet(_("Event log"), _header(), _log_rows(entries))
    return sheets.save()


def log_docx(*, emergency: Emergency, entries: Iterable[LogEntry]) -> bytes:
    word = WordDocument()
    word.heading("{}: {}".format(_("Event log"), emergency.title), 0)
    word.paragraph(str(emergency.get_kind_display()), bold_label=_("Kind"))
    word.paragraph(emergency.neighbourhoods or "—", bold_label=_("Affected neighbourhoods"))
    word.paragraph(when(emergency.started_at), bold_label=_("Started"))
    if emergency.ended_at:
        word.paragraph(when(emergency.ended_at), bold_label=_("Ended"))
    word.table(_header(), _log_rows(entries))
    return word.save()


def checklist_docx(*, run, answers: list[ChecklistAnswer], stages: list[dict], progress: list[dict],
                   language: str) -> bytes:
    word = WordDocument()
    word.heading("{}: {}".format(_("Checklist"), run.programme), 0)
    if run.emergency:
        word.paragraph(run.emergency.title, bold_label=_("Emergency"))
    word.heading(_("Progress by stage"), 1)
    word.table([_("Stage"), _("Done"), _("Progress")],
               [[row["label"], _("%(done)s of %(total)s") % {"done": row["done"], "total": row["total"]},
                 f"{row['percent']}%"] for row in progress])
    for stage in stages:
        word.heading(str(stage["label"]), 1)
        for topic in stage["topics"]:
            word.heading(topic["topic"], 2)
            word.table([_("Question"), _("Answer"), _("Owner"), _("Note")], [
                [answer.question.text_in(language), str(answer.get_status_display()),
                 (answer.owner.full_name or answer.owner.email) if answer.owner else "—", answer.note or ""]
                for answer in topic["items"]
            ])
    return word.save()
