"""Importing partners, resources and needs: .xlsx and .csv, the column mapping, a preview in which every bad
row is reported with its line number, nothing applied until the person confirms (and nothing at all when a
row is bad), re-importing the same file changes nothing; the worker does the reading, the checking (with a
progress bar) and the applying."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from openpyxl import Workbook

from merhav.core.context import acting_as
from merhav.tenancy.roles import Role

from .. import services
from ..models import Need, Partner, Resource, ResourceImport
from ..validators import with_check_digit
from .support import url

PARTNERS = [
    ["שם", "סוג", "מספר רישום", "שכונות"],
    ["עמותת לב", "עמותה רשומה", with_check_digit("58011111"), "עין אור"],
    ["חברת הסעות", "company", "", ""],
    ["ועד הורים", "ועד הורים", "", "עין אור; נווה גבעה"],
]


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows) -> bytes:
    return ("\ufeff" + "\n".join(",".join(str(c) for c in row) for row in rows)).encode()


def upload(client, authority, target, content, name):
    response = client.post(url("import_upload", authority), {
        "target": target, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:500]
    return _latest(authority)


def _latest(authority):
    with scope(authority=authority):
        return ResourceImport.objects.filter(authority=authority).latest("created_at")


def run_import(client, authority, run_tasks, target, content, name, *, confirm=True):
    stored = upload(client, authority, target, content, name)
    status = url("import_status", authority, import_token=stored.token)
    assert "progress" in client.get(status).content.decode()  # being read: the waiting page
    run_tasks()
    mapping_page = client.get(status)
    assert mapping_page.status_code == 200
    form = mapping_page.context["form"]
    client.post(status, {name: form.initial.get(name, "") for name in form.fields})
    run_tasks()
    preview = client.get(status)
    if confirm and not preview.context.get("problems"):
        client.post(status)
        run_tasks()
    return preview


def partners_of(authority):
    with scope(authority=authority):
        return sorted((p.name, p.kind, p.registration_number, p.version) for p in Partner.objects.filter(authority=authority))


def test_partners_from_xlsx_are_previewed_applied_once_and_a_reimport_changes_nothing(login, authority, make_user,
                                                                                     run_tasks):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER)
    with acting_as(manager, authority=authority):
        services.create_neighbourhood(authority=authority, name="עין אור")
        services.create_neighbourhood(authority=authority, name="נווה גבעה")
    client = login(manager)
    preview = run_import(client, authority, run_tasks, "partners", xlsx(PARTNERS), "partners.xlsx", confirm=False)
    assert preview.context["counts"] == {"create": 3, "update": 0, "unchanged": 0, "bad": 0}
    assert partners_of(authority) == []  # nothing applied before the confirmation
    status = url("import_status", authority, import_token=_latest(authority).token)
    client.post(status)
    run_tasks()
    first = partners_of(authority)
    assert [name for name, *_ in first] == ["ועד הורים", "חברת הסעות", "עמותת לב"]
    with scope(authority=authority):
        assert Partner.objects.get(name="ועד הורים").neighbourhoods.count() == 2
    again = run_import(client, authority, run_tasks, "partners", xlsx(PARTNERS), "partners.xlsx")
    assert again.context["counts"] == {"create": 0, "update": 0, "unchanged": 3, "bad": 0}
    assert partners_of(authority) == first


def test_bad_rows_are_reported_with_their_line_numbers_and_nothing_is_applied(login, authority, make_user, run_tasks):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER)
    rows = [
        ["name", "kind", "category", "capacity", "neighbourhood"],
        ["מחסן מזון", "physical infrastructure", "מזון", "300", ""],
        ["מתנדבים", "מתנדבים ופעילים", "מזון", "-4", ""],
        ["מקלט", "מרחב מוגן", "מחסה ודיור", "80", "שכונה שלא קיימת"],
        ["", "מרחב מוגן", "שמיים", "10", ""],
    ]
    client = login(manager)
    preview = run_import(client, authority, run_tasks, "resources", csv_bytes(rows), "resources.csv")
    problems = dict(preview.context["problems"])
    assert sorted(problems) == [3, 4, 5]  # line 2 is good ("physical infrastructure" is a label in English)
    assert any("-4" in m for m in problems[3])
    assert any("שכונה שלא קיימת" in m for m in problems[4])
    assert len(problems[5]) == 2  # the missing name and the unknown category, both said
    body = preview.content.decode()
    assert "אי אפשר ליישם דבר" in body and "אפשר להשתמש בכל השורות" not in body  # no confirm button
    client.post(url("import_status", authority, import_token=_latest(authority).token))  # a confirm anyway
    run_tasks()
    with scope(authority=authority):
        assert Resource.objects.count() == 0


def test_needs_from_csv_are_applied_and_a_changed_row_updates_by_natural_key(login, authority, make_user, run_tasks):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER)
    with acting_as(manager, authority=authority):
        services.create_neighbourhood(authority=authority, name="עין אור")
    rows = [["כותרת", "קטגוריה", "כמות", "שכונה", "דחיפות"],
            ["סלי מזון", "food", "120", "עין אור", "קריטית"],
            ["ליווי רגשי", "תמיכה פסיכו-סוציאלית", "40", "עין אור", ""]]
    client = login(manager)
    run_import(client, authority, run_tasks, "needs", csv_bytes(rows), "needs.csv")
    rows[1][2] = "150"
    again = run_import(client, authority, run_tasks, "needs", csv_bytes(rows), "needs.csv")
    assert again.context["counts"] == {"create": 0, "update": 1, "unchanged": 1, "bad": 0}
    with scope(authority=authority):
        assert sorted(Need.objects.values_list("title", "quantity", "urgency")) == [
            ("ליווי רגשי", 40, 3), ("סלי מזון", 150, 1)]


def test_a_file_that_is_not_a_sheet_is_refused_with_a_message(login, authority, make_user, run_tasks):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER)
    client = login(manager)
    stored = upload(client, authority, "partners", b"PK\x03\x04 not really a zip", "broken.xlsx")
    run_tasks()
    page = client.get(url("import_status", authority, import_token=stored.token))
    assert "לא ניתן היה לקרוא את הקובץ" in page.content.decode()


def test_the_auditor_and_staff_cannot_import(login, authority, auditor, staff):
    content = SimpleUploadedFile("p.csv", csv_bytes(PARTNERS))
    assert login(auditor).post(url("import_upload", authority), {"target": "partners", "file": content}).status_code == 403
    assert login(staff).get(url("import_upload", authority)).status_code == 403
