"""Reading and checking an evacuee list (.xlsx). No writes here: services.imports keeps the raw rows and
applies them. Every sheet goes through the foundation's bounded reader (merhav.core.spreadsheets), in the
worker, never in a web process.

The first row names the columns; the coordinator maps them to the questionnaire's core fields (a guess
from the headers in Hebrew, Arabic or English comes first). A row is a person; rows with the same family
number are one household. Re-importing the same list changes nothing: a person is known by the ID number,
or (without one) by the family number, the name and the birth date. Errors are kept as (code, params)
and worded when shown, in the reader's language, with the row's line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from merhav.core import spreadsheets

from .identity import normalize_id_number
from .models import Household, Person

MAX_ROWS = 100_000
MAX_COLUMNS = 30
MAX_FILE_BYTES = 15 * 1024 * 1024
# A list of 60,000 people inflates to about 45 MB of sheet XML (inline strings): above the foundation's
# defaults for a sheet of a few thousand rows; the ratio check (a zip bomb) still holds.
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 120 * 1024 * 1024
MAX_REPORTED = 500  # bad rows kept for the report (all are counted)

TARGETS = ("family", "id_number", "first_name", "last_name", "birth_date", "relation", "phone", "origin_locality",
           "accommodation", "accommodation_details")
REQUIRED = ("first_name", "last_name", "origin_locality")
TARGET_LABELS = {
    "family": _("Family number"),
    "id_number": _("ID number"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "birth_date": _("Birth date"),
    "relation": _("Relation"),
    "phone": _("Phone"),
    "origin_locality": _("Origin locality"),
    "accommodation": _("Current accommodation"),
    "accommodation_details": _("Accommodation details"),
}
# Other headers lists use for the same columns (matched like the labels, in any language).
TARGET_ALIASES = {
    "family": ["משפחה", "מס משפחה", "קוד משפחה", "family", "household", "رقم الأسرة"],
    "id_number": ["ת.ז", "תז", "תעודת זהות", "id", "هوية"],
    "accommodation": ["מקום לינה", "לינה", "accommodation", "مكان السكن"],
    "accommodation_details": ["כתובת", "מלון", "address"],
    "phone": ["טלפון נייד", "נייד", "mobile"],
    "origin_locality": ["יישוב", "יישוב מגורים", "locality"],
}
LIMITS = {"first_name": 100, "last_name": 100, "phone": 30, "origin_locality": 150, "accommodation_details": 250,
          "family": 64}


class ImportSheetError(spreadsheets.SpreadsheetError):
    MESSAGES = {
        **spreadsheets.SpreadsheetError.MESSAGES,
        "empty": _("The sheet is empty."),
        "no_rows": _("The sheet has no rows under its first row."),
    }


def sheet_error_text(code: str, params: dict) -> str:
    if code not in ImportSheetError.MESSAGES:
        code, params = "unreadable", {}
    return ImportSheetError(code, **params).message


ROW_ERRORS = {
    "required": _("%(column)s is missing."),
    "too_long": _("%(column)s is longer than %(max)s characters."),
    "id_invalid": _("“%(value)s” is not a valid Israeli ID number."),
    "id_repeated": _("This ID number already appears on line %(line)s."),
    "date_invalid": _("“%(value)s” is not a date (dd.mm.yyyy)."),
    "date_future": _("The birth date is in the future."),
    "relation_unknown": _("Unknown relation “%(value)s”."),
    "accommodation_unknown": _("Unknown accommodation “%(value)s”."),
}


def row_error_text(code: str, params: dict) -> str:
    params = dict(params)
    if "column" in params:
        params["column"] = str(TARGET_LABELS.get(params["column"], params["column"]))
    return str(ROW_ERRORS.get(code, ROW_ERRORS["required"])) % params


def normalize(value: Any) -> str:
    return re.sub(r"[\s_\-\"'׳״]+", " ", "" if value is None else str(value)).strip().casefold()


def _all_languages(label) -> list[str]:
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(label))
    return texts


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """{target: column index} from the headers' names in any language (or the target's code)."""
    names: dict[str, str] = {}
    for target in TARGETS:
        names[normalize(target)] = target
        for text in _all_languages(TARGET_LABELS[target]):
            names.setdefault(normalize(text), target)
        for text in TARGET_ALIASES.get(target, []):
            names.setdefault(normalize(text), target)
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        target = names.get(normalize(header))
        if target and target not in mapping:
            mapping[target] = index
    return mapping


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_sheet(content: bytes, *, progress=None) -> tuple[list[str], list[list]]:
    """The headers and the rows ([line, cell, cell, ...], blank rows left out) of the first sheet."""
    rows = spreadsheets.read_rows(content, max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS,
                                  max_file_bytes=MAX_FILE_BYTES, max_member_bytes=MAX_MEMBER_BYTES,
                                  max_total_bytes=MAX_TOTAL_BYTES)
    first = next(rows, None)
    if first is None:
        raise ImportSheetError("empty")
    headers = [cell_text(v) for v in first[1]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    result = []
    try:
        for line, values in rows:
            texts = [cell_text(v) for v in values[:width]]
            if any(texts):
                result.append([line, *texts])
                if progress and len(result) % 5000 == 0:
                    progress(len(result))
    except spreadsheets.SpreadsheetError as error:
        if error.code == "too_many_rows":
            raise ImportSheetError("too_many_rows", max=MAX_ROWS) from None
        raise
    if not result:
        raise ImportSheetError("no_rows")
    return headers, result


def _choice_map(choices) -> dict[str, str]:
    mapping = {}
    for code, label in choices:
        mapping[normalize(code)] = code
        for text in _all_languages(label):
            mapping.setdefault(normalize(text), code)
            mapping.setdefault(normalize(text.split("/")[0]), code)  # "ילד/ה": "ילד"
    return mapping


def parse_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


@dataclass
class CheckedRow:
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, dict]] = field(default_factory=list)
    action: str = "new"  # new | unchanged


def _cell(cells: list, index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def person_key(family: str, first_name: str, last_name: str, birth_date: date | None) -> tuple:
    return (family, normalize(first_name), normalize(last_name), birth_date)


def check_rows(rows: list[list], mapping: dict[str, int], *, known_ids: set[str], known_people: set[tuple],
               progress=None) -> list[CheckedRow]:
    """Every row with its values and errors, and whether it is new or already imported."""
    relations = _choice_map(Person.Relation.choices)
    accommodations = _choice_map(Household.Accommodation.choices)
    today = timezone.localdate()
    first_line: dict[str, int] = {}
    checked = []
    for number, row in enumerate(rows, 1):
        line, cells = row[0], row[1:]
        result = CheckedRow(line=line)

        values: dict[str, Any] = {target: _cell(cells, mapping.get(target)) for target in TARGETS}
        for target in REQUIRED:
            if not values[target]:
                result.errors.append(("required", {"column": target}))
        for target, limit in LIMITS.items():
            if len(values[target]) > limit:
                result.errors.append(("too_long", {"column": target, "max": limit}))
        raw_id = values["id_number"]
        values["id_number"] = normalize_id_number(raw_id) if raw_id else ""
        if raw_id and not values["id_number"]:
            result.errors.append(("id_invalid", {"value": raw_id[:20]}))
        elif values["id_number"]:
            if values["id_number"] in first_line:
                result.errors.append(("id_repeated", {"line": first_line[values["id_number"]]}))
            else:
                first_line[values["id_number"]] = line
        birth = values["birth_date"]
        values["birth_date"] = None
        if birth:
            try:
                values["birth_date"] = parse_date(birth)
            except ValueError:
                result.errors.append(("date_invalid", {"value": birth[:20]}))
            else:
                if values["birth_date"] > today:
                    result.errors.append(("date_future", {}))
        for target, choices, default in (("relation", relations, Person.Relation.OTHER),
                                         ("accommodation", accommodations, Household.Accommodation.OTHER)):
            text = values[target]
            values[target] = choices.get(normalize(text), "") if text else default
            if not values[target]:
                result.errors.append((f"{target}_unknown", {"value": text[:40]}))
        if not values["family"]:
            values["family"] = f"line-{line}"
        result.values = values
        if values["id_number"] in known_ids or (not values["id_number"] and person_key(
                values["family"], values["first_name"], values["last_name"], values["birth_date"]) in known_people):
            result.action = "unchanged"
        checked.append(result)
        if progress and number % 5000 == 0:
            progress(number)
    return checked
