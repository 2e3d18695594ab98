"""Every import page receives files that are not what they claim: no 5xx, a clear message in the user's
language, and nothing applied.

The import pages are found, not listed: every URL pattern (the isolation crawler's walk) whose page shows a
persona allowed to import a POST form with a file field. Each receives: bytes that are no spreadsheet, a
truncated .xlsx, malformed sheet XML, an entity bomb, a zip that inflates a thousand times, a sheet declared
out to XFD1048576, and a sheet of 100,001 rows. The worker then runs whatever the upload queued. The upload's
answer or the import's page after the worker says what is wrong with the file (one of the spreadsheet reader's
messages, in Hebrew), and no table changed but the import's own bookkeeping (its record, its task, the
notification that it failed).

Rows with errors and their line numbers, and formula cells in exports, are each module's own tests
(merhav/tenancy/tests/test_people_import_errors.py, merhav/resources/tests/test_import.py,
merhav/intake/tests/test_import.py; the escape itself is merhav.core.spreadsheets.safe_cell).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from merhav.core.spreadsheets import SpreadsheetError
from merhav.core.tests import spreadsheet_bombs as bombs
from tests.hostile import changed, post_forms, row_counts, table_names
from tests.test_hostile_forms import client_of, html_of, personas, world  # noqa: F401 - fixtures
from tests.test_isolation_crawler import all_routes
from tests.url_fillers import FILLERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_ROUTES = [r for r in all_routes() if not r.is_api and not r.is_admin and r.name and "import" in r.name]


def many_rows(count: int = 100_001) -> bytes:
    rows = bombs.header_row() + b"".join(
        b'<row r="%d">' % n + bombs.inline(f"A{n}", f"p{n}@example.org") + b"</row>" for n in range(2, count + 2)
    )
    return bombs.rebuilt(bombs.plain_xlsx(), replace={"xl/worksheets/sheet1.xml": bombs.sheet_xml(rows)})


# Files the reader takes (within its bounds), whose rows the import then judges: no reader message is due.
READABLE = {"declared out to XFD1048576"}

FILES = {
    "not a spreadsheet": lambda: b"%PDF-1.4 this is no sheet\x00\xff" * 100,
    "truncated zip": lambda: bombs.plain_xlsx([["a@example.org", "Person", "staff", "", ""]])[:900],
    "malformed xml": bombs.malformed_sheet,
    "entity bomb": bombs.entity_bomb,
    "inflates a thousand times": bombs.ratio_bomb,
    "declared out to XFD1048576": bombs.wide_and_tall_sheet,
    "100,001 rows": many_rows,
}


def bookkeeping(table: str) -> bool:
    return "import" in table or table.startswith(("django_tasks", "notify_")) or table == "core_formsubmission"


def reader_messages() -> list[str]:
    """The start of every message of the spreadsheet reader and of the imports' readers built on it, in Hebrew
    (before its first parameter)."""
    readers, found = [SpreadsheetError], []
    while readers:
        reader = readers.pop()
        readers.extend(reader.__subclasses__())
        with translation.override("he"):
            found.extend(str(message).split("%(")[0].strip() for message in reader.MESSAGES.values())
    return found


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def upload_form(html: str):
    return next((f for f in post_forms(html) if f.has_file), None)


@pytest.mark.parametrize("route", IMPORT_ROUTES, ids=lambda r: r.id)
def test_every_import_refuses_hostile_files_and_applies_nothing(route, world, personas, run_tasks):  # noqa: F811
    path = route.path({name: FILLERS[name](world) for name in route.kwargs})
    client, form = None, None
    for user in personas.values():
        client = client_of(user)
        response = client.get(path)
        if response.status_code == 200 and not response.streaming and (form := upload_form(html_of(response))):
            break
    if form is None:
        pytest.skip(f"{path} is not an upload page")
    file_field = next(f.name for f in form.fields if f.type == "file")
    target = urljoin(path, form.action) if form.action else path
    tables = [t for t in table_names() if not bookkeeping(t)]
    messages = reader_messages()
    problems = []
    for name, make in FILES.items():
        form = upload_form(html_of(client.get(path)))  # a fresh form: each upload is a new submission
        before = row_counts(tables)
        data = {**form.data({}), file_field: SimpleUploadedFile("list.xlsx", make(), content_type=XLSX)}
        response = client.post(target, data)
        shown = html_of(response)
        if response.status_code in (301, 302, 303):
            run_tasks()
            after_worker = client.get(response["Location"])
            if after_worker.status_code >= 500:
                problems.append(f"{name}: the page after the upload, {response['Location']}: {after_worker.status_code}")
            shown = html_of(after_worker)
        elif response.status_code >= 500:
            problems.append(f"{name}: the upload to {target} answered {response.status_code}")
            continue
        run_tasks()
        if diff := changed(before, row_counts(tables)):
            problems.append(f"{name}: rows changed: {diff}")
        if name not in READABLE and not any(message in text_of(shown) for message in messages):
            problems.append(f"{name}: no message of the spreadsheet reader in Hebrew on the page: {text_of(shown)[-600:]}")
    assert not problems, f"{path}:\n" + "\n".join(problems)
