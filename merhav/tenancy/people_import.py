"""Reading a people sheet (.xlsx) and checking each row against the authority. No writes here:
services.store_people_import keeps the raw rows, services.apply_people_import applies them.

A row's role and department may be written as a code (`staff`, `education`) or as a label in Hebrew,
Arabic or English; the authority's own department names are accepted too. For a person who is already
a member, an empty cell leaves that value as it is; for a new person it means the default (staff, no
department). Errors are kept as (code, params) and turned into words when shown, in the reader's
language.
"""

import re
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from merhav.core import spreadsheets
from merhav.core.spreadsheets import safe_row

from .models import Department, Membership, StandardDepartment
from .roles import Role

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 30  # the header may put the five columns anywhere among the first thirty
COLUMNS = ("email", "full_name", "role", "department", "title")
COLUMN_LABELS = {
    "email": _("Email"),
    "full_name": _("Full name"),
    "role": _("Role"),
    "department": _("Department"),
    "title": _("Job title"),
}
# Other headers people write for the same columns.
COLUMN_ALIASES = {
    "email": [_("Email address"), "e-mail", "mail"],
    "full_name": [_("Name"), "name", "full name"],
    "title": [_("Title"), "job title", "title"],
}
MAX_LENGTHS = {"full_name": 200, "title": 150}


class SheetError(spreadsheets.SpreadsheetError):
    """The file as a whole cannot be used as a people sheet; the message says why."""

    MESSAGES = {
        **spreadsheets.SpreadsheetError.MESSAGES,
        "empty": _("The sheet is empty."),
        "no_email_column": _("The first row must name the columns; the email column was not found. "
                             "Start from the template."),
        "no_people": _("The sheet has no people in it."),
        "too_many_people": _("The sheet has more than %(max)d people. Split it into smaller files."),
    }


def sheet_error_text(code: str, params: dict) -> str:
    """The words for a stored SheetError, in the active language."""
    if code not in SheetError.MESSAGES:
        code, params = "unreadable", {}
    return SheetError(code, **params).message


def normalize(value) -> str:
    text = "" if value is None else str(value)
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def all_languages(label) -> list[str]:
    """A lazy label in every language of the platform."""
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(label))
    return texts


def header_map() -> dict[str, str]:
    mapping = {}
    for key in COLUMNS:
        mapping[normalize(key)] = key
        for label in [COLUMN_LABELS[key], *COLUMN_ALIASES.get(key, [])]:
            for text in all_languages(label) if not isinstance(label, str) else [label]:
                mapping.setdefault(normalize(text), key)
    return mapping


def role_map() -> dict[str, str]:
    mapping = {}
    for code, label in Role.choices:
        mapping[normalize(code)] = code
        for text in all_languages(label):
            mapping.setdefault(normalize(text), code)
    return mapping


# --- the template -----------------------------------------------------------------------------------

def build_template(departments: list[Department]) -> bytes:
    """An empty people sheet with the expected columns, and a second sheet listing the accepted values."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("People"))[:31]
    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    sheet.append(safe_row(str(COLUMN_LABELS[key]) for key in COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (34, 28, 26, 30, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    values = book.create_sheet(str(_("Values"))[:31])
    values.sheet_view.rightToLeft = sheet.sheet_view.rightToLeft
    values.append(safe_row([str(_("Role")), str(_("Role code")), str(_("Department")), str(_("Department code"))]))
    for cell in values[1]:
        cell.font = Font(bold=True)
    roles = [(str(label), code) for code, label in Role.choices]
    active = [d for d in departments if d.is_active]
    for index in range(max(len(roles), len(active))):
        role_label, role_code = roles[index] if index < len(roles) else ("", "")
        department = active[index] if index < len(active) else None
        values.append(safe_row([
            role_label, role_code,
            str(department.name) if department else "",
            department.kind if department and department.kind != StandardDepartment.OTHER else "",
        ]))
    for letter in "ABCD":
        values.column_dimensions[letter].width = 30
    # Drop-down lists in Excel; a warning only, since codes and other languages are accepted too.
    title = "'" + values.title.replace("'", "''") + "'"
    for column, count, letter in (("C", len(roles), "A"), ("D", len(active), "C")):
        if not count:
            continue
        validation = DataValidation(type="list", formula1=f"={title}!${letter}$2:${letter}${count + 1}",
                                    allow_blank=True, errorStyle="warning", showErrorMessage=False)
        validation.add(f"{column}2:{column}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- reading ----------------------------------------------------------------------------------------

def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def check_file(uploaded) -> None:
    """The checks that are cheap enough for the upload's form: the size, and that it is an .xlsx archive
    that does not inflate far beyond its size. Nothing is inflated or parsed here."""
    spreadsheets.open_archive(uploaded, max_file_bytes=MAX_FILE_BYTES).close()


def read_sheet(content: bytes) -> list[dict]:
    """The raw rows of the first sheet: [{"line": n, "email": ..., ...}], blank rows left out. Run by the
    worker (services.check_people_import), never in a web process. Raises SheetError."""
    rows = spreadsheets.read_rows(content, max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS,
                                  max_file_bytes=MAX_FILE_BYTES)
    try:
        first = next(rows, None)
        if first is None:
            raise SheetError("empty")
        headers = header_map()
        positions = {}
        for index, value in enumerate(first[1]):
            key = headers.get(normalize(value))
            if key and key not in positions:
                positions[key] = index
        if "email" not in positions:
            raise SheetError("no_email_column")
        result = []
        for line, values in rows:
            raw = {key: cell_text(values[index]) for key, index in positions.items()}
            if not any(raw.values()):
                continue
            result.append({"line": line, **{key: raw.get(key, "") for key in COLUMNS}})
    except spreadsheets.SpreadsheetError as error:
        if error.code == "too_many_rows":
            raise SheetError("too_many_people", max=MAX_ROWS) from None
        raise
    if not result:
        raise SheetError("no_people")
    return result


# --- checking ---------------------------------------------------------------------------------------

ERROR_MESSAGES = {
    "email_missing": _("The email address is missing."),
    "email_invalid": _("“%(value)s” is not a valid email address."),
    "email_duplicate": _("This email address already appears on line %(line)s."),
    "role_unknown": _("Unknown role “%(value)s”."),
    "department_unknown": _("Unknown department “%(value)s”."),
    "department_ambiguous": _("More than one department is called “%(value)s”; use another name for it."),
    "department_inactive": _("The department “%(value)s” is not active."),
    "too_long": _("%(column)s is longer than %(max)s characters."),
    "member_inactive": _("This person's membership is inactive. Reactivate it on the people page, or remove "
                         "the line."),
    "last_admin": _("This would leave the authority without an active authority admin."),
}


def error_text(code: str, params: dict) -> str:
    params = dict(params)
    if "column" in params:
        params["column"] = str(COLUMN_LABELS.get(params["column"], params["column"]))
    return str(ERROR_MESSAGES[code]) % params


@dataclass
class CheckedRow:
    line: int
    raw: dict
    email: str = ""
    full_name: str = ""
    role: str | None = None
    department: Department | None = None
    department_given: bool = False
    title: str = ""
    membership: Membership | None = None
    action: str = "invite"  # invite | update | unchanged
    errors: list[tuple[str, dict]] = field(default_factory=list)

    def error(self, code: str, **params) -> None:
        self.errors.append((code, params))

    @property
    def error_messages(self) -> list[str]:
        return [error_text(code, params) for code, params in self.errors]

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""

    @property
    def new_values(self) -> dict:
        """What the membership becomes (for a member, empty cells keep the current values)."""
        membership = self.membership
        return {
            "role": self.role or (membership.role if membership else Role.STAFF),
            "department": self.department if self.department_given else (membership.department if membership else None),
            "title": self.title if self.raw.get("title") else (membership.title if membership else ""),
        }


def department_lookup(departments: list[Department]) -> dict[str, list[Department]]:
    names: dict[str, list[Department]] = {}

    def add(text, department):
        key = normalize(text)
        if key and department not in names.setdefault(key, []):
            names[key].append(department)

    for department in departments:
        if department.custom_name:
            add(department.custom_name, department)
        if department.kind != StandardDepartment.OTHER:
            add(department.kind, department)
        if department.kind != StandardDepartment.OTHER or not department.custom_name:
            # The standard name in every language ("Other" only for the unnamed standard one).
            for text in all_languages(StandardDepartment(department.kind).label):
                add(text, department)
    return names


def check_rows(*, authority, raw_rows: list[dict]) -> list[CheckedRow]:
    """Every row with what it would do and what is wrong with it. Call inside the authority's scope."""
    roles = role_map()
    departments = list(Department.objects.filter(authority=authority))
    by_name = department_lookup(departments)
    emails = {row.get("email", "").strip().lower() for row in raw_rows if row.get("email")}
    members = {
        m.user.email.lower(): m
        for m in Membership.objects.filter(authority=authority, user__email__in=emails).select_related("user", "department")
    }
    first_line: dict[str, int] = {}
    checked = []
    for raw in raw_rows:
        row = CheckedRow(line=raw["line"], raw=raw)
        email = raw.get("email", "").strip().lower()
        if not email:
            row.error("email_missing")
        else:
            try:
                validate_email(email)
                row.email = email
            except ValidationError:
                row.error("email_invalid", value=raw["email"])
        if row.email:
            if row.email in first_line:
                row.error("email_duplicate", line=first_line[row.email])
            else:
                first_line[row.email] = row.line
        for key in ("full_name", "title"):
            value = raw.get(key, "")
            if len(value) > MAX_LENGTHS[key]:
                row.error("too_long", column=key, max=MAX_LENGTHS[key])
            setattr(row, key, value)
        if raw.get("role"):
            row.role = roles.get(normalize(raw["role"]))
            if row.role is None:
                row.error("role_unknown", value=raw["role"])
        if raw.get("department"):
            row.department_given = True
            matches = by_name.get(normalize(raw["department"]), [])
            if not matches:
                row.error("department_unknown", value=raw["department"])
            elif len(matches) > 1:
                active = [d for d in matches if d.is_active]
                if len(active) == 1:
                    row.department = active[0]
                else:
                    row.error("department_ambiguous", value=raw["department"])
            elif not matches[0].is_active:
                row.error("department_inactive", value=raw["department"])
            else:
                row.department = matches[0]
        row.membership = members.get(row.email) if row.email else None
        if row.membership is not None:
            if not row.membership.is_active:
                row.error("member_inactive")
            current = {"role": row.membership.role, "department": row.membership.department,
                       "title": row.membership.title}
            row.action = "unchanged" if row.new_values == current else "update"
        checked.append(row)
    _check_admins_remain(authority, checked)
    return checked


def _check_admins_remain(authority, rows: list[CheckedRow]) -> None:
    demoted = [
        row for row in rows
        if row.membership is not None and row.membership.is_active and row.membership.role == Role.AUTHORITY_ADMIN
        and row.role and row.role != Role.AUTHORITY_ADMIN and not row.errors
    ]
    if not demoted:
        return
    admins = Membership.objects.filter(authority=authority, role=Role.AUTHORITY_ADMIN, is_active=True).count()
    if admins <= len(demoted):
        for row in demoted:
            row.error("last_admin")


def summary(rows: list[CheckedRow]) -> dict[str, int]:
    return {
        "total": len(rows),
        "invite": sum(1 for r in rows if r.action == "invite" and not r.errors),
        "update": sum(1 for r in rows if r.action == "update" and not r.errors),
        "unchanged": sum(1 for r in rows if r.action == "unchanged" and not r.errors),
        "errors": sum(1 for r in rows if r.errors),
    }
