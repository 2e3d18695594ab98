"""Spreadsheets in and out: the one reader of uploaded .xlsx files and the one formula escape of every
export. Every import (people, partners, resources, evacuees) reads through read_rows(); every .xlsx or
.csv cell written from data goes through safe_cell().

Reading an uploaded sheet is reading hostile input. A 1 MB .xlsx can hold a 100 MB shared string, a zip
member that inflates a thousand times, or cells declared out to column XFD and row 1048576; a general
spreadsheet library (openpyxl) would inflate, load and pad all of it. So the reader here:

- checks the archive before inflating anything: the file's size, each member's and the total declared
  uncompressed size, and each member's compression ratio (zipfile itself refuses a member that inflates
  beyond its declared size: its CRC check fails);
- refuses XML with a document type declaration (entity expansion);
- streams the first sheet's XML cell by cell, keeping only the first `max_columns` columns and at most
  `max_rows` non-empty rows, whatever dimensions the sheet declares, and never builds a whole row of
  thousands of cells;
- bounds the shared strings (their file's size, their number, each one's length);
- turns every failure, malformed XML included, into SpreadsheetError, whose message the user can read.

It uses openpyxl only for what does not read the file: which number formats are dates, and Excel's
date serials.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any, cast
from xml.etree import ElementTree

from django.utils.translation import gettext_lazy as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

MAX_FILE_BYTES = 5 * 1024 * 1024
# The archive's members, inflated: each one, all together, and how much more than compressed.
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 40 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 10 * 1024 * 1024
MAX_RATIO = 250  # spreadsheet XML deflates 5 to 50 times; a bomb a thousand times or more
RATIO_CHECKED_ABOVE = 1024 * 1024  # small XML members compress very well and are harmless
MAX_SHARED_STRINGS = 200_000
MAX_CELL_CHARS = 32_767  # Excel's own limit of a cell
EXCEL_MAX_COLUMNS = 16_384

Value = str | int | float | bool | datetime | None


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; `message` says why in the active language.

    It is kept as a code and parameters (`code`, `params`) so that a background task can store it and a
    page can show it later in the reader's language: SpreadsheetError(code, **params).message.
    """

    MESSAGES: dict[str, Any] = {
        "not_xlsx": _("This is not an Excel (.xlsx) file. Save the sheet as .xlsx and upload it again."),
        "too_large": _("The file is too large. The limit is %(mb)s MB."),
        "inflates": _("The file holds far more data than its size suggests and was not opened. Save the "
                      "sheet again as a plain .xlsx file and upload it."),
        "unreadable": _("The file could not be read: its content is damaged or not a spreadsheet. Save the "
                        "sheet again as .xlsx and upload it."),
        "too_many_rows": _("The sheet has more than %(max)d rows. Split it into smaller files."),
        "cell_too_long": _("A cell on line %(line)d holds more than %(max)d characters."),
        "too_many_strings": _("The sheet holds too much text to be read. Split it into smaller files."),
    }

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code]) % self.params if self.params else str(self.MESSAGES[self.code])

    def __str__(self) -> str:
        return self.message


# --- writing ------------------------------------------------------------------------------------------

# A cell starting with one of these may be run as a formula by a spreadsheet (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value a spreadsheet will not run as a formula: text starting with = + - @, a tab or a carriage
    return gets a leading apostrophe. Other values are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


# --- reading ------------------------------------------------------------------------------------------

def read_rows(file: IO[bytes] | bytes, *, max_rows: int, max_columns: int,
              max_file_bytes: int = MAX_FILE_BYTES, max_member_bytes: int = MAX_MEMBER_BYTES,
              max_total_bytes: int = MAX_TOTAL_BYTES) -> Iterator[tuple[int, tuple[Value, ...]]]:
    """The non-empty rows of the workbook's first sheet, in order, as (line number, values): `values` has
    exactly `max_columns` entries (None for an empty cell; text, int, float, bool or datetime otherwise).
    Columns past `max_columns` are skipped; a non-empty row past the first `max_rows` raises
    SpreadsheetError("too_many_rows"), as does any other problem with the file. A list of tens of thousands
    of rows is bigger than the defaults allow once inflated: its import raises `max_member_bytes` and
    `max_total_bytes` (the ratio check stays)."""
    if not 1 <= max_columns <= EXCEL_MAX_COLUMNS:
        raise ValueError("max_columns must be between 1 and 16384")
    archive = open_archive(file, max_file_bytes=max_file_bytes, max_member_bytes=max_member_bytes,
                           max_total_bytes=max_total_bytes)
    try:
        try:
            book = _Workbook(archive)
            rows = book.rows(max_rows=max_rows, max_columns=max_columns)
            yield from rows
        except SpreadsheetError:
            raise
        except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, IndexError,
                OverflowError, EOFError, OSError, TypeError):
            raise SpreadsheetError("unreadable") from None
    finally:
        archive.close()


def open_archive(file: IO[bytes] | bytes, *, max_file_bytes: int = MAX_FILE_BYTES,
                 max_member_bytes: int = MAX_MEMBER_BYTES, max_total_bytes: int = MAX_TOTAL_BYTES) -> zipfile.ZipFile:
    """The .xlsx archive, checked without inflating anything: its size, its members' declared sizes and
    compression ratios. Cheap enough for a form's validation."""
    data = _bytes_of(file, max_file_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise SpreadsheetError("not_xlsx") from None
    try:
        members = archive.infolist()
        names = {info.filename for info in members}
        if "[Content_Types].xml" not in names:
            raise SpreadsheetError("not_xlsx")
        total = 0
        for info in members:
            total += info.file_size
            too_big = info.file_size > max_member_bytes or total > max_total_bytes
            inflates = (info.file_size > RATIO_CHECKED_ABOVE
                        and info.file_size > MAX_RATIO * max(info.compress_size, 1))
            if too_big or inflates:
                raise SpreadsheetError("inflates")
    except SpreadsheetError:
        archive.close()
        raise
    return archive


def _bytes_of(file: IO[bytes] | bytes, limit: int) -> bytes:
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise SpreadsheetError("too_large", mb=f"{limit / (1024 * 1024):g}")
    return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element: ElementTree.Element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (transitional or strict OOXML)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


class _Workbook:
    """The parts of an .xlsx that reading the first sheet needs, read with bounds."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = set(archive.namelist())
        workbook_path = self._target("_rels/.rels", "officeDocument", base="") or "xl/workbook.xml"
        workbook = self._small_xml(workbook_path)
        self.epoch = CALENDAR_WINDOWS_1900
        sheet_id = None
        for element in workbook.iter():
            name = _local(element.tag)
            if name == "workbookPr" and (element.get("date1904") or "").lower() in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            elif name == "sheet" and sheet_id is None:
                sheet_id = _attr(element, "id")
        if sheet_id is None:
            raise SpreadsheetError("unreadable")
        folder = posixpath.dirname(workbook_path)
        rels_path = posixpath.join(folder, "_rels", posixpath.basename(workbook_path) + ".rels")
        sheet_path = self._target(rels_path, None, base=folder, rel_id=sheet_id)
        if sheet_path is None:
            raise SpreadsheetError("unreadable")
        self.sheet_path: str = sheet_path
        self.shared_path = self._target(rels_path, "sharedStrings", base=folder)
        styles_path = self._target(rels_path, "styles", base=folder)
        self.date_styles, self.timedelta_styles = self._styles(styles_path)
        self._shared: list[str] | None = None

    # The small parts (relationships, workbook, styles) are parsed whole, after the archive's checks.
    def _small_xml(self, path: str) -> ElementTree.Element:
        if path not in self.names:
            raise SpreadsheetError("unreadable")
        data = self.archive.read(path)
        _refuse_dtd(data)
        return ElementTree.fromstring(data)  # noqa: S314 - no DTD (refused above), so no entities to expand

    def _target(self, rels_path: str, kind: str | None, *, base: str, rel_id: str | None = None) -> str | None:
        if rels_path not in self.names:
            return None
        for element in self._small_xml(rels_path).iter():
            if _local(element.tag) != "Relationship":
                continue
            if rel_id is not None and element.get("Id") != rel_id:
                continue
            if kind is not None and not (element.get("Type") or "").endswith("/" + kind):
                continue
            target = element.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            return path if path in self.names else None
        return None

    def _styles(self, path: str | None) -> tuple[set[int], set[int]]:
        if path is None:
            return set(), set()
        root = self._small_xml(path)
        custom = {}
        date_styles, timedelta_styles = set(), set()
        for element in root.iter():
            if _local(element.tag) == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        for container in root.iter():
            if _local(container.tag) != "cellXfs":
                continue
            for index, xf in enumerate(child for child in container if _local(child.tag) == "xf"):
                number_format = int(xf.get("numFmtId", "0"))
                code = custom.get(number_format, BUILTIN_FORMATS.get(number_format, "General"))
                if is_date_format(code):
                    date_styles.add(index)
                    if is_timedelta_format(code):
                        timedelta_styles.add(index)
        return date_styles, timedelta_styles

    def shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = []
            if self.shared_path is not None:
                if self.archive.getinfo(self.shared_path).file_size > MAX_SHARED_STRINGS_BYTES:
                    raise SpreadsheetError("too_many_strings")
                for _event, element, _parent in _stream(self.archive, self.shared_path, {"si"}):
                    if len(self._shared) >= MAX_SHARED_STRINGS:
                        raise SpreadsheetError("too_many_strings")
                    self._shared.append(_rich_text(element))
        return self._shared

    def rows(self, *, max_rows: int, max_columns: int) -> Iterator[tuple[int, tuple[Value, ...]]]:
        shared = self.shared_strings()
        line = 0
        column = 0
        values: list[Value] = [None] * max_columns
        found = 0
        for event, element, _parent in _stream(self.archive, self.sheet_path, {"row", "c"}, starts={"row"}):
            tag = _local(element.tag)
            if tag == "row" and event == "start":
                declared = element.get("r")
                line = int(declared) if declared and declared.isdigit() else line + 1
                column = 0
                values = [None] * max_columns
            elif tag == "c":
                reference = element.get("r")
                column = _column_of(reference) if reference else column + 1
                if column <= max_columns:
                    value = self._value(element, shared)
                    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                        raise SpreadsheetError("cell_too_long", line=line, max=MAX_CELL_CHARS)
                    values[column - 1] = value
            elif tag == "row":
                if any(value not in (None, "") for value in values):
                    found += 1
                    if found > max_rows:
                        raise SpreadsheetError("too_many_rows", max=max_rows)
                    yield line, tuple(values)

    def _value(self, cell: ElementTree.Element, shared: list[str]) -> Value:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = next((child for child in cell if _local(child.tag) == "is"), None)
            return _rich_text(inline) if inline is not None else None
        raw = next((child.text for child in cell if _local(child.tag) == "v"), None)
        if raw is None:
            return None
        if kind == "s":
            return shared[int(raw)]
        if kind in ("str", "e"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            return from_ISO8601(raw.strip())
        number = float(raw) if any(mark in raw for mark in ".eE") else int(raw)
        style = int(cell.get("s", "0") or 0)
        if style in self.date_styles:
            return from_excel(number, self.epoch, timedelta=style in self.timedelta_styles)
        return number


def _column_of(reference: str) -> int:
    letters = reference.rstrip("0123456789")
    if not letters or len(letters) > 3:
        raise ValueError("bad cell reference")
    return column_index_from_string(letters.upper())


def _rich_text(element: ElementTree.Element) -> str:
    """The text of a shared or inline string: plain <t>, or the runs' <t> of rich text (phonetic guides
    left out)."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
        if sum(len(p) for p in parts) > MAX_CELL_CHARS:
            raise SpreadsheetError("too_many_strings")
    return "".join(parts)


_CHUNK = 64 * 1024


def _refuse_dtd(data: bytes) -> None:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise SpreadsheetError("unreadable")


# (event, element, its parent) as _stream hands them out.
_Event = tuple[str, ElementTree.Element, ElementTree.Element | None]


@dataclass
class _State:
    stack: list[tuple[ElementTree.Element, str]] = field(default_factory=list)
    open: int = 0  # elements of interest open now (a row, a cell, a string)
    kept: int = 0  # elements kept inside the innermost one


MAX_KEPT_ELEMENTS = 10_000  # inside one cell or one shared string; real ones hold a handful


def _stream(archive: zipfile.ZipFile, path: str, ends: set[str], *,
            starts: frozenset[str] | set[str] = frozenset()) -> Iterator[_Event]:
    """(event, element, parent) for the elements named in `ends` (at their end) and `starts` (at their
    start) of one XML member, inflated and parsed a chunk at a time. Finished elements are cleared, and
    dropped from the tree after each chunk, so memory holds a chunk's worth of elements, never a whole
    sheet or a whole row; what is inside an element still being read is kept, up to MAX_KEPT_ELEMENTS.
    A DOCTYPE is refused."""
    parser: ElementTree.XMLPullParser = ElementTree.XMLPullParser(events=("start", "end"))
    state = _State()
    tail = b""
    with archive.open(path) as member:
        while True:
            chunk = member.read(_CHUNK)
            if not chunk:
                break
            _refuse_dtd(tail + chunk)
            tail = chunk[-16:]
            parser.feed(chunk)
            yield from _events(parser, state, ends, starts)
            _drop_finished(state.stack, ends)
    parser.close()
    yield from _events(parser, state, ends, starts)


def _events(parser: ElementTree.XMLPullParser, state: _State, ends: set[str],
            starts: frozenset[str] | set[str]) -> Iterator[_Event]:
    stack = state.stack
    for event_and_element in parser.read_events():
        event, element = cast(tuple[str, Any], event_and_element)
        if not isinstance(element, ElementTree.Element):
            continue  # only start and end events are asked for: always elements
        name = _local(element.tag)
        if event == "start":
            stack.append((element, name))
            if name in ends:
                state.open += 1
            if name in starts:
                yield event, element, stack[-2][0] if len(stack) > 1 else None
            continue
        stack.pop()
        if name in ends:
            state.open -= 1
            yield event, element, stack[-1][0] if stack else None
            state.kept = 0
            element.clear()
        elif state.open:
            state.kept += 1  # part of a cell or a string being read: kept until that one ends
            if state.kept > MAX_KEPT_ELEMENTS:
                raise SpreadsheetError("unreadable")
        else:
            element.clear()


def _drop_finished(stack: list[tuple[ElementTree.Element, str]], ends: set[str]) -> None:
    """Take the finished (already handed out or cleared) children out of the elements still open."""
    inside = False
    for index, (element, name) in enumerate(stack):
        inside = inside or name in ends
        still_open = stack[index + 1][0] if index + 1 < len(stack) else None
        if inside:
            element[:] = [child for child in element if child is still_open or _local(child.tag) not in ends]
        elif still_open is not None:
            del element[:-1]  # the open child is the last one: nothing after it is parsed yet
        else:
            del element[:]
