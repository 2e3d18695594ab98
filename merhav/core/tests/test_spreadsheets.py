"""The one spreadsheet reader (read_rows) against hostile files, and the one formula escape (safe_cell).

Memory is measured with tracemalloc (what the reader allocates), never with a clock."""

import tracemalloc
from datetime import datetime
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from merhav.core import spreadsheets
from merhav.core.spreadsheets import SpreadsheetError, read_rows, safe_cell, safe_row

from . import spreadsheet_bombs as bombs


def read(data: bytes, **limits) -> list:
    return list(read_rows(data, max_rows=limits.get("max_rows", 100), max_columns=limits.get("max_columns", 5)))


def peak_megabytes(action) -> float:
    tracemalloc.start()
    try:
        action()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / (1024 * 1024)


def refusal(data: bytes, **limits) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as refused:
        read(data, **limits)
    return refused.value


# --- ordinary sheets ----------------------------------------------------------------------------------


def test_rows_come_with_their_line_numbers_and_exactly_max_columns_values():
    book = Workbook()
    sheet = book.active
    sheet.append(["Email", "Name", None, "When"])
    sheet.append([])
    sheet.append(["a@example.org", "רון", 3, datetime(2026, 1, 2, 9, 30)])
    sheet["H3"] = "past the columns"
    sheet["B5"] = True
    buffer = BytesIO()
    book.save(buffer)
    assert read(buffer.getvalue(), max_columns=4) == [
        (1, ("Email", "Name", None, "When")),
        (3, ("a@example.org", "רון", 3, datetime(2026, 1, 2, 9, 30))),
        (5, (None, True, None, None)),
    ]


def test_shared_and_rich_text_strings_are_read():
    rich = b'<r><t>Ha</t></r><r><rPr><b/></rPr><t xml:space="preserve">ifa </t></r><rPh><t>x</t></rPh>'
    data = bombs.with_shared_strings(
        [b"Email", rich], b'<row r="1">' + bombs.shared_cell("A1", 0) + bombs.shared_cell("B1", 1) + b"</row>")
    assert read(data, max_columns=2) == [(1, ("Email", "Haifa "))]


def test_more_non_empty_rows_than_allowed_is_an_error():
    data = bombs.plain_xlsx([[f"p{n}@example.org"] for n in range(5)])
    assert refusal(data, max_rows=5).code == "too_many_rows"
    assert len(read(data, max_rows=6)) == 6


def test_the_message_is_in_the_active_language():
    error = refusal(b"not a zip at all")
    assert error.code == "not_xlsx"
    with translation.override("en"):
        english = str(error)
    with translation.override("he"):
        hebrew = str(error)
    assert "Excel" in english and hebrew != english


# --- hostile files --------------------------------------------------------------------------------------


def test_a_100_mb_shared_string_is_refused_before_it_is_inflated():
    data = bombs.shared_string_bomb()
    assert len(data) < 1024 * 1024
    errors = []
    megabytes = peak_megabytes(lambda: errors.append(refusal(data)))
    assert errors[0].code == "inflates"
    assert megabytes < 5


def test_a_member_that_inflates_a_thousand_times_is_refused():
    data = bombs.ratio_bomb()
    assert refusal(data).code == "inflates"


def test_cells_declared_out_to_xfd1048576_cost_nothing_past_the_limits():
    data = bombs.wide_and_tall_sheet()
    rows = []
    megabytes = peak_megabytes(lambda: rows.extend(read(data)))
    assert rows == [(1, tuple(bombs.HEADER)), (2, ("person@example.org", "Person", None, None, None))]
    # openpyxl holds the first row's 16,384 cells at once (and pads a million empty rows): tens of MB.
    assert megabytes < 5


def test_too_many_shared_strings_are_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_SHARED_STRINGS", 1000)  # the same rule, a smaller file
    strings = [f"{n * 7919 % 999983}".encode() for n in range(1001)]
    data = bombs.with_shared_strings(strings, b'<row r="1">' + bombs.shared_cell("A1", 0) + b"</row>")
    assert refusal(data).code == "too_many_strings"


@pytest.mark.parametrize("make", [bombs.malformed_sheet, bombs.entity_bomb], ids=["malformed", "entities"])
def test_malformed_xml_and_entity_declarations_are_a_clear_error(make):
    assert refusal(make()).code == "unreadable"


def test_a_file_larger_than_the_limit_is_refused_unread():
    with pytest.raises(SpreadsheetError) as refused:
        list(read_rows(bombs.plain_xlsx(), max_rows=10, max_columns=5, max_file_bytes=1000))
    assert refused.value.code == "too_large"


# --- writing --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+972", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_that_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["שלום", "a=b", " =1", 5, -3, None, datetime(2026, 1, 1)])
def test_other_values_are_kept(value):
    assert safe_cell(value) == value


def test_escaped_cells_are_text_in_the_saved_workbook():
    book = Workbook()
    book.active.append(safe_row(["=HYPERLINK(\"http://x\")", "-1+2", "ok"]))
    buffer = BytesIO()
    book.save(buffer)
    cells = [cell for cell in load_workbook(BytesIO(buffer.getvalue())).active[1]]
    assert [cell.data_type for cell in cells] == ["s", "s", "s"]
