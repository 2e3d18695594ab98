"""Bulk import of an evacuee list: read and checked in the worker with progress, the columns guessed from
Hebrew headers, bad rows reported with their line numbers, applied only when confirmed, and a re-import
changes nothing."""

from io import BytesIO

from django_scopes import scope
from openpyxl import Workbook

from merhav.audit.models import AuditEntry

from ..models import Household, ImportBatch, Person
from .support import ID_1, ID_2, ID_3, client_of, url

HEADERS = ["מספר משפחה", "מספר זהות", "שם פרטי", "שם משפחה", "תאריך לידה", "קרבה", "יישוב מוצא", "מקום לינה"]
ROWS = [
    ["F1", ID_1, "מרים", "אזולאי", "12.03.1984", "ראש משק הבית", "עין אור", "מלון"],
    ["F1", ID_2, "נועם", "אזולאי", "20.09.2015", "ילד", "עין אור", "מלון"],
    ["F2", "123456789", "סלים", "חדד", "30.11.1976", "", "עין אור", "קרובי משפחה"],  # bad ID: line 4
    ["F2", ID_3, "", "חדד", "32.13.2011", "", "עין אור", "קרובי משפחה"],  # no first name, bad date: line 5
    ["F3", "", "=HYPERLINK(\"x\")", "בן דוד", "", "", "עין אור", "דיור עירוני"],
]


def sheet(rows=ROWS) -> bytes:
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    for row in book.active.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"  # typed as text, as a careless sheet has it: it must stay text
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, authority, content: bytes, run_tasks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url("import_upload", authority), {"file": SimpleUploadedFile("list.xlsx", content)})
    assert response.status_code == 302
    run_tasks()
    with scope(authority=authority):
        return ImportBatch.objects.order_by("-pk").first()


def confirm(client, authority, batch, run_tasks):
    client.post(url("import_confirm", authority, batch_id=batch.pk))
    run_tasks()
    with scope(authority=authority):
        batch.refresh_from_db()
    return batch


def test_a_list_is_previewed_with_its_bad_rows_then_imported(authority, coordinator, run_tasks):
    client = client_of(coordinator, "he")
    batch = upload(client, authority, sheet(), run_tasks)
    assert (batch.status, batch.total, batch.new_count, batch.bad_count) == ("ready", 5, 3, 2)
    with scope(authority=authority):
        assert not Person.objects.exists()  # nothing before the confirmation
    page = client.get(url("import_batch", authority, batch_id=batch.pk)).content.decode()
    assert "„123456789” אינו מספר זהות ישראלי תקין." in page
    assert ">4<" in page and ">5<" in page  # the lines of the bad rows
    batch = confirm(client, authority, batch, run_tasks)
    assert batch.status == "applied" and batch.rows == []
    with scope(authority=authority):
        assert Household.objects.count() == 2
        names = sorted(Person.objects.values_list("first_name", flat=True))
    assert names == sorted(["מרים", "נועם", "=HYPERLINK(\"x\")"])
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_type="intake.importbatch").count() == 2


def test_a_re_import_changes_nothing(authority, coordinator, run_tasks):
    client = client_of(coordinator)
    confirm(client, authority, upload(client, authority, sheet(), run_tasks), run_tasks)
    with scope(authority=authority):
        before = sorted(Person.objects.values_list("pk", "version"))
    again = upload(client, authority, sheet(), run_tasks)
    assert (again.new_count, again.unchanged_count) == (0, 3)
    confirm(client, authority, again, run_tasks)
    with scope(authority=authority):
        assert sorted(Person.objects.values_list("pk", "version")) == before
        assert Household.objects.count() == 2


def test_a_file_that_is_not_a_spreadsheet_is_refused_beside_the_field(authority, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_of(coordinator, "ar").post(url("import_upload", authority),
                                                 {"file": SimpleUploadedFile("list.xlsx", b"not a zip")})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    with scope(authority=authority):
        assert not ImportBatch.objects.exists()


def test_the_progress_bar_shows_while_the_worker_reads(authority, coordinator):
    client = client_of(coordinator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(url("import_upload", authority), {"file": SimpleUploadedFile("list.xlsx", sheet())})
    with scope(authority=authority):
        batch = ImportBatch.objects.get()
    page = client.get(url("import_batch", authority, batch_id=batch.pk)).content.decode()
    assert "<progress" in page and "http-equiv" not in page  # no timed refresh (WCAG 2.2.1): a refresh link


def test_an_export_escapes_a_formula(authority, coordinator, run_tasks):
    from openpyxl import load_workbook

    client = client_of(coordinator)
    confirm(client, authority, upload(client, authority, sheet(), run_tasks), run_tasks)
    book = load_workbook(BytesIO(client.get(url("export", authority)).content))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "'=HYPERLINK(\"x\")" in values and "=HYPERLINK(\"x\")" not in values


def test_only_the_coordinator_imports(authority, welfare):
    assert client_of(welfare).get(url("import_upload", authority)).status_code == 403


def test_the_same_name_and_birth_date_in_a_list_is_flagged(authority, coordinator, run_tasks):
    rows = [["F1", ID_1, "מרים", "אזולאי", "12.03.1984", "", "עין אור", "מלון"],
            ["F9", "", "מרים", "אזולאי", "12.03.1984", "", "עין אור", "מלון"]]
    client = client_of(coordinator)
    confirm(client, authority, upload(client, authority, sheet(rows), run_tasks), run_tasks)
    with scope(authority=authority):
        first, second = Person.objects.order_by("pk")
    assert (first.possible_duplicate_of_id, second.possible_duplicate_of_id) == (None, first.pk)


def test_a_day_later_nothing_typed_is_kept(authority, coordinator, run_tasks):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from ..tasks import purge_intake_imports

    client = client_of(coordinator)
    applied = confirm(client, authority, upload(client, authority, sheet(), run_tasks), run_tasks)
    left = upload(client, authority, sheet(), run_tasks)
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        purge_intake_imports.enqueue()
        run_tasks()
    with scope(authority=authority):
        assert list(ImportBatch.objects.values_list("pk", flat=True)) == [applied.pk]
        kept = ImportBatch.objects.get()
    assert (kept.rows, kept.bad_rows, kept.new_count, kept.bad_count) == ([], [], 3, 2)
    assert left.pk != applied.pk
