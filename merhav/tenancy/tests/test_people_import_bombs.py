"""Hostile sheets at the people import: refused at the upload when the archive alone shows it, otherwise
read by the worker within bounds; never a 500, never the web process parsing the file (issue 18, item 7)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from merhav.core.tests import spreadsheet_bombs as bombs
from merhav.tenancy.models import Invitation, PeopleImport

from .conftest import page


def xlsx(data: bytes, name: str = "people.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def stored_imports(authority) -> list[PeopleImport]:
    with scope(authority=authority):
        return list(PeopleImport.objects.all())


def test_a_100_mb_shared_string_is_refused_at_the_upload(login, authority, authority_admin):
    client = login(authority_admin, language="en")
    response = client.post(page("people_import", authority), {"file": xlsx(bombs.shared_string_bomb())})
    assert response.status_code == 200
    assert "far more data than its size suggests" in str(response.context["form"].errors["file"])
    assert stored_imports(authority) == []


def test_a_zip_that_inflates_a_thousand_times_is_refused_at_the_upload(login, authority, authority_admin):
    client = login(authority_admin, language="en")
    response = client.post(page("people_import", authority), {"file": xlsx(bombs.ratio_bomb())})
    assert response.status_code == 200
    assert "far more data than its size suggests" in str(response.context["form"].errors["file"])
    assert stored_imports(authority) == []


def test_cells_declared_out_to_xfd1048576_are_read_within_the_limits(login, authority, authority_admin, upload):
    client = login(authority_admin, language="en")
    response = upload(client, authority, xlsx(bombs.wide_and_tall_sheet()))
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert preview.context["summary"]["total"] == 1
    assert "person@example.org" in preview.content.decode()


def test_malformed_xml_is_a_clear_error_next_to_the_field(login, authority, authority_admin, upload):
    client = login(authority_admin, language="en")
    response = upload(client, authority, xlsx(bombs.malformed_sheet()))
    checked = client.get(response.url)
    assert checked.status_code == 200
    assert "could not be read" in str(checked.context["form"].errors["file"])
    [stored] = stored_imports(authority)
    assert (stored.status, stored.upload) == (PeopleImport.Status.FAILED, None)


def test_the_sheet_is_read_by_the_worker_and_the_page_says_so_meanwhile(login, authority, authority_admin, run_tasks):
    client = login(authority_admin, language="en")
    response = client.post(page("people_import", authority),
                           {"file": xlsx(bombs.plain_xlsx([["dana@example.org", "Dana", "staff", "", ""]]))})
    assert response.status_code == 302
    [stored] = stored_imports(authority)
    assert (stored.status, stored.rows) == (PeopleImport.Status.CHECKING, [])
    waiting = client.get(response.url)
    assert "being checked" in waiting.content.decode()
    # Confirming before the check applies nothing.
    assert client.post(response.url).status_code == 302
    with scope(authority=authority):
        assert not Invitation.objects.exists()

    run_tasks()
    stored.refresh_from_db()
    assert (stored.status, stored.upload, [row["email"] for row in stored.rows]) == (
        PeopleImport.Status.READY, None, ["dana@example.org"])
    assert client.get(response.url).context["summary"]["invite"] == 1
