"""The downloadable .xlsx template: the expected columns, and the accepted role and department values."""

from io import BytesIO

from django_scopes import scope
from openpyxl import load_workbook

from merhav.tenancy.models import Department, StandardDepartment
from merhav.tenancy.roles import Role

from .conftest import page


def test_the_template_has_the_columns_and_the_values(login, authority, authority_admin):
    with scope(authority=authority):
        Department.objects.create(authority=authority, kind=StandardDepartment.OTHER, custom_name="=נוער וספורט")
    response = login(authority_admin, language="en").get(page("people_import_template", authority))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    people, values = book.worksheets
    assert [cell.value for cell in people[1]] == ["Email", "Full name", "Role", "Department", "Job title"]
    assert people.max_row == 1
    role_codes = [row[1] for row in values.iter_rows(min_row=2, values_only=True) if row[1]]
    assert role_codes == list(Role.values)
    department_names = [row[2] for row in values.iter_rows(min_row=2, values_only=True) if row[2]]
    assert "Welfare" in department_names
    # A name that a spreadsheet would run as a formula is written as text.
    assert "'=נוער וספורט" in department_names


def test_the_template_follows_the_admins_language(login, authority, authority_admin):
    response = login(authority_admin, language="he").get(page("people_import_template", authority))
    people = load_workbook(BytesIO(response.content)).worksheets[0]
    assert people.sheet_view.rightToLeft
