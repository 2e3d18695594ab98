"""Reading and checking sheets of partners, resources and needs (.xlsx or .csv). No writes here: the
worker (tasks.py) calls read_file(), then check_rows(); services.imports applies what was checked.

An .xlsx is read through merhav.core.spreadsheets.read_rows (bounded against hostile files); a .csv through
read_csv below, with the same bounds (file size, rows, columns, cell length). The first non-empty row names
the columns; the person maps our fields to those columns (guessed from the headers in he/ar/en).

Re-importing the same file changes nothing: each row is matched to what is stored by its natural key
(a partner by its registration number, else its name; a resource by its name and its partner; a need by its
title, neighbourhood and category) and only differences are written. A row that cannot be used is reported
with its line number and every reason, and then nothing of the file is applied.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from merhav.core import spreadsheets
from merhav.core.forms import DATE_INPUT_FORMATS
from merhav.tenancy.models import Authority

from .models import Availability, Category, Need, Neighbourhood, Partner, Resource, ResourceImport
from .validators import validate_registration_number

MAX_ROWS = 25_000
MAX_COLUMNS = 40
MAX_FILE_BYTES = spreadsheets.MAX_FILE_BYTES
PROGRESS_EVERY = 500


class ImportError_(spreadsheets.SpreadsheetError):
    MESSAGES = {
        **spreadsheets.SpreadsheetError.MESSAGES,
        "empty": _("The sheet is empty."),
        "no_rows": _("The sheet has a header row and nothing under it."),
        "not_csv": _("The file could not be read as text. Save it as .csv (UTF-8) or .xlsx and upload it again."),
    }


def error_text(code: str, params: dict) -> str:
    if code not in ImportError_.MESSAGES:
        code, params = "unreadable", {}
    return ImportError_(code, **params).message


# --- the fields of each kind of sheet ------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    required: bool = False
    aliases: tuple = ()


FIELDS: dict[str, tuple[Column, ...]] = {
    ResourceImport.Target.PARTNERS: (
        Column("name", _("Name"), True), Column("kind", _("Kind"), True),
        Column("registration_number", _("Registration number")), Column("status", _("Status")),
        Column("fields_of_activity", _("Fields of activity")), Column("populations_served", _("Populations served")),
        Column("neighbourhoods", _("Neighbourhoods served"), aliases=(_("Neighbourhoods"),)), Column("added_value", _("Added value and identity")),
    ),
    ResourceImport.Target.RESOURCES: (
        Column("name", _("Name"), True), Column("kind", _("Kind"), True), Column("category", _("Needs it answers"), True),
        Column("capacity", _("Capacity"), True), Column("quantity", _("Quantity")), Column("unit", _("Unit")),
        Column("availability", _("Availability")), Column("hours", _("Hours")),
        Column("neighbourhood", _("Neighbourhood")), Column("address", _("Address")),
        Column("partner", _("Held by partner"), aliases=(_("Partner"),)), Column("verified_on", _("Last verified")),
        Column("accessible", _("Accessible")),
    ),
    ResourceImport.Target.NEEDS: (
        Column("title", _("Title"), True), Column("category", _("Category"), True),
        Column("quantity", _("Quantity"), True), Column("unit", _("Unit")),
        Column("neighbourhood", _("Neighbourhood")), Column("population_group", _("Population group")),
        Column("urgency", _("Urgency")), Column("source", _("Source")), Column("emergency", _("Linked emergency")),
    ),
}

PROBLEMS = {
    "required": _("%(column)s is missing."),
    "unknown_choice": _("%(column)s: “%(value)s” is not one of the accepted values."),
    "not_a_number": _("%(column)s: “%(value)s” is not a whole number of zero or more."),
    "not_a_date": _("%(column)s: “%(value)s” is not a date (dd.mm.yyyy)."),
    "unknown_neighbourhood": _("Unknown neighbourhood “%(value)s”. Add it on the neighbourhoods page first."),
    "unknown_partner": _("Unknown partner “%(value)s”. Import the partners first."),
    "registration_number": _("Registration number: %(message)s"),
    "duplicate": _("The same %(what)s already appears on line %(line)s."),
    "capacity_below_allocated": _("Capacity %(value)s is less than the %(allocated)s already allocated."),
    "quantity_below_covered": _("Quantity %(value)s is less than the %(covered)s already covered."),
    "neighbourhood_or_group": _("Name the neighbourhood or the population group."),
    "too_long": _("%(column)s is longer than %(max)s characters."),
}


def problem_text(target: str, code: str, params: dict) -> str:
    params = dict(params)
    if "column" in params:
        labels = {c.key: c.label for c in FIELDS[target]}
        params["column"] = str(labels.get(params["column"], params["column"]))
    if code == "duplicate":
        params["what"] = str(_("row"))
    return str(PROBLEMS[code]) % params


def normalize(value: Any) -> str:
    text = "" if value is None else str(value)
    return re.sub(r"[\s_\-\"'״׳]+", " ", text).strip().casefold()


def all_languages(label: Any) -> list[str]:
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(label))
    return texts


def choice_map(choices: Any) -> dict[str, Any]:
    """Every way a choice may be written: its code, and its label in every language."""
    mapping: dict[str, Any] = {}
    for value, label in choices.choices:
        mapping[normalize(value)] = value
        for text in all_languages(label):
            mapping.setdefault(normalize(text), value)
    return mapping


def guess_mapping(target: str, headers: list[str]) -> dict[str, int]:
    """Our field → the index of the column whose header names it (in any language, or by its code)."""
    wanted: dict[str, str] = {}
    for column in FIELDS[target]:
        wanted[normalize(column.key)] = column.key
        for label in (column.label, *column.aliases):
            for text in all_languages(label):
                wanted.setdefault(normalize(text), column.key)
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = wanted.get(normalize(header))
        if key and key not in mapping:
            mapping[key] = index
    return mapping


# --- reading -----------------------------------------------------------------------------------------------

def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def is_csv(file_name: str, content: bytes) -> bool:
    return file_name.lower().endswith(".csv") or not content.startswith(b"PK")


def read_csv(content: bytes, *, max_rows: int, max_columns: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    """The non-empty rows of a .csv as (line, values), with the bounds of spreadsheets.read_rows."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportError_("too_large", mb=f"{MAX_FILE_BYTES / (1024 * 1024):g}")
    if b"\x00" in content[:4096]:
        raise ImportError_("not_csv")
    for encoding in ("utf-8-sig", "cp1255"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportError_("not_csv")
    sample = text[:4096]
    delimiter = max((",", ";", "\t"), key=sample.count)
    found = 0
    try:
        for line, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            values = [cell.strip() for cell in row[:max_columns]]
            if not any(values):
                continue
            if any(len(cell) > spreadsheets.MAX_CELL_CHARS for cell in values):
                raise ImportError_("cell_too_long", line=line, max=spreadsheets.MAX_CELL_CHARS)
            found += 1
            if found > max_rows:
                raise ImportError_("too_many_rows", max=max_rows - 1)
            yield line, tuple(values + [""] * (max_columns - len(values)))
    except csv.Error:
        raise ImportError_("not_csv") from None


def read_file(file_name: str, content: bytes) -> tuple[list[str], list[list]]:
    """(headers, [[line, [cell text, …]], …]) of the file's first sheet. Raises SpreadsheetError."""
    if is_csv(file_name, content):
        rows: Iterator[tuple[int, tuple[Any, ...]]] = read_csv(content, max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS)
    else:
        rows = spreadsheets.read_rows(content, max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS,
                                      max_file_bytes=MAX_FILE_BYTES)
    first = next(rows, None)
    if first is None:
        raise ImportError_("empty")
    headers = [cell_text(value) for value in first[1]]
    while headers and not headers[-1]:
        headers.pop()
    width = max(len(headers), 1)
    body = [[line, [cell_text(value) for value in values[:width]]] for line, values in rows]
    if not body:
        raise ImportError_("no_rows")
    return headers, body


# --- checking ----------------------------------------------------------------------------------------------

@dataclass
class Checked:
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, dict]] = field(default_factory=list)
    existing: Any = None
    action: str = "create"  # create | update | unchanged

    def problem(self, code: str, **params: Any) -> None:
        self.problems.append((code, params))


class Lookup:
    """What the rows are checked against, loaded once (a fixed number of queries for any file size)."""

    def __init__(self, authority: Authority, target: str):
        with scope(authority=authority):
            self.neighbourhoods = {normalize(n.name): n for n in Neighbourhood.objects.filter(authority=authority)}
            partners = list(Partner.objects.filter(authority=authority))
            self.partners = {normalize(p.name): p for p in partners}
            self.partners_by_number = {p.registration_number: p for p in partners if p.registration_number}
            self.resources: dict[tuple, Resource] = {}
            self.needs: dict[tuple, Need] = {}
            if target == ResourceImport.Target.RESOURCES:
                self.resources = {(normalize(r.name), r.partner_id): r
                                  for r in Resource.objects.filter(authority=authority)}
            if target == ResourceImport.Target.NEEDS:
                self.needs = {(normalize(n.title), n.neighbourhood_id, n.category): n
                              for n in Need.objects.filter(authority=authority)}
        self.partner_kinds = choice_map(Partner.Kind)
        self.partner_statuses = choice_map(Partner.Status)
        self.resource_kinds = choice_map(Resource.Kind)
        self.categories = choice_map(Category)
        self.availabilities = choice_map(Availability)
        self.urgencies = choice_map(Need.Urgency)
        self.yes = {normalize(t) for word in (_("Yes"), "yes", "1", "true", "v", "✓") for t in
                    (all_languages(word) if not isinstance(word, str) else [word])}


def _choice(row: Checked, raw: dict, key: str, mapping: dict, default: Any = None) -> Any:
    text = raw.get(key, "")
    if not text:
        return default
    value = mapping.get(normalize(text))
    if value is None:
        row.problem("unknown_choice", column=key, value=text)
    return value


def _number(row: Checked, raw: dict, key: str, default: int | None = 0) -> int | None:
    text = raw.get(key, "").replace(",", "")
    if not text:
        return default
    try:
        number = float(text)
    except ValueError:
        number = -1
    if number < 0 or not number.is_integer() or number > 2_000_000_000:
        row.problem("not_a_number", column=key, value=raw[key])
        return default
    return int(number)


def _date(row: Checked, raw: dict, key: str) -> date | None:
    text = raw.get(key, "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", *DATE_INPUT_FORMATS):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    row.problem("not_a_date", column=key, value=text)
    return None


def _text(row: Checked, raw: dict, key: str, limit: int) -> str:
    text = raw.get(key, "")
    if len(text) > limit:
        row.problem("too_long", column=key, max=limit)
    return text[:limit]


def _neighbourhood(row: Checked, raw: dict, lookup: Lookup, key: str = "neighbourhood") -> Neighbourhood | None:
    text = raw.get(key, "")
    if not text:
        return None
    found = lookup.neighbourhoods.get(normalize(text))
    if found is None:
        row.problem("unknown_neighbourhood", value=text)
    return found


def _check_partner(row: Checked, raw: dict, lookup: Lookup) -> tuple:
    values = row.values
    values["name"] = _text(row, raw, "name", 200)
    values["kind"] = _choice(row, raw, "kind", lookup.partner_kinds)
    values["status"] = _choice(row, raw, "status", lookup.partner_statuses, Partner.Status.ACTIVE)
    values["fields_of_activity"] = _text(row, raw, "fields_of_activity", 300)
    values["populations_served"] = _text(row, raw, "populations_served", 300)
    values["added_value"] = _text(row, raw, "added_value", 5000)
    try:
        values["registration_number"] = validate_registration_number(
            raw.get("registration_number", ""), amuta=values["kind"] == Partner.Kind.AMUTA)
    except ValidationError as error:
        row.problem("registration_number", message=" ".join(error.messages))
        values["registration_number"] = ""
    places = []
    for part in re.split(r"[;,\n]", raw.get("neighbourhoods", "")):
        if part.strip():
            found = _neighbourhood(row, {"n": part.strip()}, lookup, "n")
            if found is not None:
                places.append(found)
    values["neighbourhoods"] = places
    number = values["registration_number"]
    row.existing = (lookup.partners_by_number.get(number) if number else None) or lookup.partners.get(
        normalize(values["name"]))
    return ("number", number) if number else ("name", normalize(values["name"]))


def _check_resource(row: Checked, raw: dict, lookup: Lookup) -> tuple:
    values = row.values
    values["name"] = _text(row, raw, "name", 200)
    values["kind"] = _choice(row, raw, "kind", lookup.resource_kinds)
    values["category"] = _choice(row, raw, "category", lookup.categories)
    values["capacity"] = _number(row, raw, "capacity", None)
    values["quantity"] = _number(row, raw, "quantity", 0)
    values["unit"] = _text(row, raw, "unit", 40)
    values["availability"] = _choice(row, raw, "availability", lookup.availabilities, Availability.BOTH)
    values["hours"] = _text(row, raw, "hours", 100)
    values["neighbourhood"] = _neighbourhood(row, raw, lookup)
    values["address"] = _text(row, raw, "address", 200)
    partner = None
    if raw.get("partner"):
        partner = lookup.partners.get(normalize(raw["partner"]))
        if partner is None:
            row.problem("unknown_partner", value=raw["partner"])
    values["partner"] = partner
    values["verified_on"] = _date(row, raw, "verified_on")
    values["accessible"] = normalize(raw.get("accessible", "")) in lookup.yes
    key = (normalize(values["name"]), partner.pk if partner else None)
    row.existing = lookup.resources.get(key)
    if row.existing is not None and values["capacity"] is not None and values["capacity"] < row.existing.allocated:
        row.problem("capacity_below_allocated", value=values["capacity"], allocated=row.existing.allocated)
    return key


def _check_need(row: Checked, raw: dict, lookup: Lookup) -> tuple:
    values = row.values
    values["title"] = _text(row, raw, "title", 200)
    values["category"] = _choice(row, raw, "category", lookup.categories)
    values["quantity"] = _number(row, raw, "quantity", None)
    if values["quantity"] == 0:
        row.problem("not_a_number", column="quantity", value="0")
    values["unit"] = _text(row, raw, "unit", 40)
    values["neighbourhood"] = _neighbourhood(row, raw, lookup)
    values["population_group"] = _text(row, raw, "population_group", 150)
    values["urgency"] = _choice(row, raw, "urgency", lookup.urgencies, Need.Urgency.MEDIUM)
    values["source"] = _text(row, raw, "source", 150)
    values["emergency"] = _text(row, raw, "emergency", 150)
    if not raw.get("neighbourhood") and not values["population_group"]:
        row.problem("neighbourhood_or_group")
    neighbourhood = values["neighbourhood"]
    key = (normalize(values["title"]), neighbourhood.pk if neighbourhood else None, values["category"])
    row.existing = lookup.needs.get(key)
    if row.existing is not None and values["quantity"] and values["quantity"] < row.existing.covered:
        row.problem("quantity_below_covered", value=values["quantity"], covered=row.existing.covered)
    return key


CHECKERS = {
    ResourceImport.Target.PARTNERS: _check_partner,
    ResourceImport.Target.RESOURCES: _check_resource,
    ResourceImport.Target.NEEDS: _check_need,
}


def _differs(obj: Any, values: dict) -> bool:
    """Whether applying the row would change the stored object (related rows compared by id: no query)."""
    for name, value in values.items():
        if name == "neighbourhoods":
            if {n.pk for n in obj.neighbourhoods.all()} != {n.pk for n in value}:
                return True
        elif name == "verified_on" and value is None:
            continue
        elif name in ("partner", "neighbourhood"):
            if getattr(obj, f"{name}_id") != (value.pk if value is not None else None):
                return True
        elif getattr(obj, name) != value:
            return True
    return False


def check_rows(*, authority: Authority, target: str, rows: list[list], mapping: dict[str, int],
               progress: Any = None) -> list[Checked]:
    """Every row with what it would do and what is wrong with it. `progress(done)` is called now and then."""
    lookup = Lookup(authority, target)
    checker = CHECKERS[target]
    columns = FIELDS[target]
    first_line: dict[tuple, int] = {}
    checked = []
    if target == ResourceImport.Target.PARTNERS:
        with scope(authority=authority):
            prefetched = {p.pk: p for p in Partner.objects.filter(authority=authority).prefetch_related("neighbourhoods")}
    for done, (line, cells) in enumerate(rows, start=1):
        raw = {key: (cells[index] if index < len(cells) else "") for key, index in mapping.items()}
        row = Checked(line=line)
        for column in columns:
            if column.required and not raw.get(column.key):
                row.problem("required", column=column.key)
        key = checker(row, raw, lookup)
        if key in first_line:
            row.problem("duplicate", line=first_line[key])
        else:
            first_line[key] = line
        if row.existing is not None:
            if target == ResourceImport.Target.PARTNERS:
                row.existing = prefetched.get(row.existing.pk, row.existing)
            row.action = "update" if _differs(row.existing, row.values) else "unchanged"
        checked.append(row)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    return checked


def summary(rows: list[Checked]) -> dict[str, int]:
    counts = {"create": 0, "update": 0, "unchanged": 0, "bad": 0}
    for row in rows:
        counts["bad" if row.problems else row.action] += 1
    return counts


# --- the template to start from ----------------------------------------------------------------------------

def template_csv(target: str) -> bytes:
    """A .csv with the header row of a sheet of this kind, in the active language."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([spreadsheets.safe_cell(str(c.label)) for c in FIELDS[target]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
