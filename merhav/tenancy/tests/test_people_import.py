"""Importing people from an .xlsx sheet: upload → preview of every row → confirm, applied in one go."""

from io import BytesIO

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_scopes import scope
from openpyxl import load_workbook

from merhav.audit.models import AuditEntry
from merhav.tenancy.models import Department, Invitation, Membership, PeopleImport, StandardDepartment
from merhav.tenancy.roles import Role

from .conftest import page


def label(choice, language: str) -> str:
    with translation.override(language):
        return str(choice.label)


def test_upload_preview_confirm(login, authority, authority_admin, staff, sheet, run_tasks, upload):
    rows = [
        ["ron@example.org", "רון כהן", label(Role.DEPARTMENT_HEAD, "he"), label(StandardDepartment.EDUCATION, "ar"),
         "מנהל מחלקה"],
        [staff.email.upper(), "", "auditor", "", ""],
        ["noa@example.org", "נועה", "", "welfare", ""],
    ]
    client = login(authority_admin, language="en")
    assert client.get(page("people_import", authority)).status_code == 200
    response = upload(client, authority, sheet(rows))
    assert response.status_code == 302
    with scope(authority=authority):
        stored = PeopleImport.objects.get()
    assert response.url == page("people_import_preview", authority, token=stored.token)
    assert [row["email"] for row in stored.rows] == ["ron@example.org", staff.email.upper(), "noa@example.org"]

    preview = client.get(response.url)
    assert preview.status_code == 200
    assert preview.context["summary"] == {"total": 3, "invite": 2, "update": 1, "unchanged": 0, "errors": 0}
    body = preview.content.decode()
    assert "Apply the sheet" in body and "ron@example.org" in body
    with scope(authority=authority):
        assert not Invitation.objects.exists()  # nothing changes before the confirmation

    confirmed = client.post(response.url)
    assert confirmed.status_code == 302
    assert confirmed.url == page("people", authority)
    with scope(authority=authority):
        invitations = {i.email: i for i in Invitation.objects.select_related("department")}
        education = Department.objects.get(authority=authority, kind=StandardDepartment.EDUCATION)
        membership = Membership.objects.get(user=staff)
        stored.refresh_from_db()
    assert set(invitations) == {"ron@example.org", "noa@example.org"}
    ron = invitations["ron@example.org"]
    assert (ron.full_name, ron.role, ron.department, ron.title) == ("רון כהן", Role.DEPARTMENT_HEAD, education, "מנהל מחלקה")
    noa = invitations["noa@example.org"]
    assert (noa.role, noa.department.kind) == (Role.STAFF, StandardDepartment.WELFARE)
    # An existing member: the role changes; the empty department cell keeps their department.
    assert (membership.role, membership.department.kind) == (Role.AUDITOR, StandardDepartment.SECURITY)
    entry = AuditEntry.objects.filter(object_type="tenancy.membership", object_id=str(membership.pk)).first()
    assert (entry.action, entry.fields) == ("permission_change", ["role"])
    assert stored.applied_at is not None and stored.rows == []  # personal data is not kept
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["noa@example.org", "ron@example.org"]
    # Confirming twice applies nothing more.
    client.post(response.url)
    with scope(authority=authority):
        assert Invitation.objects.count() == 2


def test_the_authoritys_own_department_names_are_accepted(login, authority, authority_admin, sheet, upload):
    with scope(authority=authority):
        welfare = Department.objects.get(authority=authority, kind=StandardDepartment.WELFARE)
        welfare.custom_name = "אגף לשירותים חברתיים"
        welfare.save()
    client = login(authority_admin)
    response = upload(client, authority, sheet([["a@example.org", "א", "staff", "אגף לשירותים חברתיים", ""]]))
    client.post(response.url)
    with scope(authority=authority):
        assert Invitation.objects.get().department == welfare


def test_a_file_that_is_not_xlsx_is_refused_next_to_the_field(login, authority, authority_admin, upload):
    client = login(authority_admin, language="en")
    fake = SimpleUploadedFile("people.xlsx", b"email,name\nx@example.org,x\n")
    response = upload(client, authority, fake)
    assert response.status_code == 200
    assert "not an Excel (.xlsx) file" in str(response.context["form"].errors["file"])
    response = upload(client, authority, SimpleUploadedFile("people.csv", b"x"))
    assert ".xlsx" in str(response.context["form"].errors["file"])
    with scope(authority=authority):
        assert not PeopleImport.objects.exists()


def test_a_sheet_without_an_email_column_is_refused(login, authority, authority_admin, sheet, upload):
    client = login(authority_admin, language="en")
    response = upload(client, authority, sheet([["x", "y"]], header=["Name", "Phone"]))
    checked = client.get(response.url)
    assert "email column was not found" in str(checked.context["form"].errors["file"])
    with scope(authority=authority):
        stored = PeopleImport.objects.get()
    assert (stored.status, stored.rows, stored.upload) == (PeopleImport.Status.FAILED, [], None)


def test_the_upload_belongs_to_the_admin_who_made_it(
    login, authority, authority_admin, make_user, sheet, auditor, upload
):
    response = upload(login(authority_admin), authority, sheet([["a@example.org", "א", "", "", ""]]))
    preview_url = response.url
    second_admin = make_user(authority=authority, role=Role.AUTHORITY_ADMIN)
    assert login(second_admin).get(preview_url).status_code == 404
    assert login(second_admin).post(preview_url).status_code == 404
    assert login(auditor).post(preview_url).status_code == 403
    with scope(authority=authority):
        assert not Invitation.objects.exists()


def test_other_roles_and_outsiders_cannot_import(login, authority, ceo, auditor, staff, outsider, sheet, upload):
    for user in (ceo, auditor, staff):
        client = login(user)
        assert client.get(page("people_import", authority)).status_code == 403
        assert upload(client, authority, sheet([["a@example.org", "א", "", "", ""]])).status_code == 403
        assert client.get(page("people_import_template", authority)).status_code == 403
    assert login(outsider).get(page("people_import", authority)).status_code == 404
    with scope(authority=authority):
        assert not PeopleImport.objects.exists()


def test_the_filled_in_template_reads_back(login, authority, authority_admin, sheet, upload):
    """The template downloaded in Hebrew, filled in and uploaded: its Hebrew headers are understood."""
    client = login(authority_admin, language="he")
    book = load_workbook(BytesIO(client.get(page("people_import_template", authority)).content))
    people = book.worksheets[0]
    people.append(["dana@example.org", "דנה", "staff", "education", "רכזת"])
    buffer = BytesIO()
    book.save(buffer)
    response = upload(client, authority, SimpleUploadedFile("filled.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    client.post(response.url)
    with scope(authority=authority):
        invitation = Invitation.objects.get()
    assert (invitation.email, invitation.title, invitation.department.kind) == (
        "dana@example.org", "רכזת", StandardDepartment.EDUCATION
    )


def test_every_department_name_of_the_template_is_accepted(login, authority, authority_admin, sheet, upload):
    """Whatever the admin picks from the template's drop-down list reads back as that department."""
    client = login(authority_admin, language="en")
    book = load_workbook(BytesIO(client.get(page("people_import_template", authority)).content))
    names = [row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True) if row[2]]
    rows = [[f"p{i}@example.org", "", "", name, ""] for i, name in enumerate(names)]
    response = upload(client, authority, sheet(rows))
    assert client.get(response.url).context["summary"]["errors"] == 0
