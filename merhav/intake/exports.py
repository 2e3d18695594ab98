"""Exports of evacuee data as .xlsx: each department's export holds the core and its own sections only;
the subject-access report holds everything about one person. Every cell through safe_row (a formula
typed into a field is written as text)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from merhav.core.spreadsheets import safe_row

from . import answers as answer_kinds
from .models import Household, LongTermService, Person, SectionField, SectionKey

CORE_COLUMNS = ("household", "id_number", "first_name", "last_name", "birth_date", "relation", "phone",
                "origin_locality", "accommodation")


def _book(title: str) -> tuple[Workbook, Any]:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    return book, sheet


def _bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def core_headers() -> list[str]:
    return [_("Household"), _("ID number"), _("First name"), _("Last name"), _("Birth date"), _("Relation"),
            _("Phone"), _("Origin locality"), _("Current accommodation")]


def core_cells(person: Person) -> list[Any]:
    household: Household = person.household
    return [household.pk, person.id_number, person.first_name, person.last_name,
            person.birth_date.strftime("%d.%m.%Y") if person.birth_date else "", person.get_relation_display(),
            person.phone, household.origin_locality, household.get_accommodation_display()]


def department_export(people: list[Person], fields: dict[str, list[SectionField]],
                      answers: dict[int, dict]) -> bytes:
    """The core of each person and the current answers of the given sections' current questions."""
    book, sheet = _book(_("Evacuees"))
    columns = [(section, f) for section, section_fields in fields.items() for f in section_fields]
    sheet.append(safe_row([*core_headers(), *(f"{SectionKey(s).label}: {f.label}" for s, f in columns)]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for person in people:
        row = core_cells(person)
        given = answers.get(person.pk, {})
        row += [answer_kinds.shown(f, given.get((s, f.key))) for s, f in columns]
        sheet.append(safe_row(row))
    sheet.freeze_panes = "A2"
    return _bytes(book)


def subject_access_report(person: Person, sections: list, services: list[LongTermService]) -> bytes:
    """Everything kept about one person: the core, every answer of every section (earlier answers and
    answers to older wordings included) and every service."""
    book, sheet = _book(_("Personal record"))
    sheet.append(safe_row([_("Item"), _("Value")]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for header, value in zip(core_headers(), core_cells(person), strict=True):
        sheet.append(safe_row([header, value]))
    household = person.household
    for header, value in ((_("Accommodation details"), household.accommodation_details),
                          (_("Contact phone"), household.phone), (_("Contact email"), household.email),
                          (_("Immediate needs"), household.needs)):
        sheet.append(safe_row([header, value]))
    for section in sections:
        for answer in section.answers:
            label = f"{section.label}: {answer.label}"
            if not answer.is_current:
                label += " (" + _("earlier answer") + ")"
            sheet.append(safe_row([label, answer.text]))
    services_sheet = book.create_sheet(_("Services")[:31])
    services_sheet.sheet_view.rightToLeft = sheet.sheet_view.rightToLeft
    services_sheet.append(safe_row([_("Service"), _("Status"), _("Opened on"), _("Due on"), _("Closed on"),
                                    _("Notes")]))
    for service in services:
        services_sheet.append(safe_row([
            service.get_kind_display(), service.get_status_display(), service.opened_on.strftime("%d.%m.%Y"),
            service.due_on.strftime("%d.%m.%Y") if service.due_on else "",
            service.closed_on.strftime("%d.%m.%Y") if service.closed_on else "", service.notes]))
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 40
    return _bytes(book)
