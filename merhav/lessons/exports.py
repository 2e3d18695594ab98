"""Documents made from lessons data: the oversight figures as .xlsx and as a Word report, and a review as
a Word document. In Hebrew and Arabic they read right to left: Word paragraphs carry w:bidi, runs w:rtl,
tables w:bidiVisual and the section w:bidi (merhav.core.documents makes them; every spreadsheet cell goes
through safe_cell there, so that text typed by people is never run as a formula).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from merhav.core.documents import DOCX_TYPE, XLSX_TYPE, Sheets, WordDocument, day
from merhav.core.spreadsheets import safe_cell

from .models import Question
from .selectors.oversight import ACTION_OUTCOMES, OversightFigures, RecurringGroup, percent

__all__ = ["DOCX_TYPE", "XLSX_TYPE", "oversight_docx", "oversight_xlsx", "review_docx", "summary_rows"]


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
