"""The departments page: rename a standard department, add one of the authority's own, deactivate,
concurrent edits, and who may do it."""

from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.tenancy import services
from merhav.tenancy.models import Department, StandardDepartment

from .conftest import page


def dept(authority, kind=StandardDepartment.WELFARE) -> Department:
    with scope(authority=authority):
        return Department.objects.get(authority=authority, kind=kind)


def edit_url(authority, department):
    return page("department_edit", authority, department_id=department.pk)


def test_every_member_sees_the_standard_departments(login, authority, staff):
    response = login(staff, language="en").get(page("departments", authority))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == len(StandardDepartment.values)
    assert "Welfare" in response.content.decode()
    assert edit_url(authority, dept(authority)) not in response.content.decode()


def test_admin_renames_a_department(login, authority, authority_admin):
    welfare = dept(authority)
    response = login(authority_admin).post(edit_url(authority, welfare), {
        "custom_name": "אגף לשירותים חברתיים", "is_active": "on", "version": welfare.version,
    })
    assert response.status_code == 302
    saved = dept(authority)
    assert (saved.name, saved.version) == ("אגף לשירותים חברתיים", welfare.version + 1)
    entry = AuditEntry.objects.get(object_type="tenancy.department", object_id=str(welfare.pk))
    assert (entry.action, entry.fields, entry.user) == ("update", ["custom_name"], authority_admin)


def test_an_empty_name_goes_back_to_the_standard_name(login, authority, authority_admin):
    welfare = dept(authority)
    with scope(authority=authority):
        services.update_department(department=welfare, version=1, custom_name="רווחה", is_active=True)
    login(authority_admin).post(edit_url(authority, welfare), {"custom_name": "", "is_active": "on", "version": 2})
    assert dept(authority).custom_name == ""


def test_admin_adds_a_department_of_the_authoritys_own(login, authority, authority_admin):
    response = login(authority_admin).post(page("department_add", authority), {"custom_name": "נוער וספורט"})
    assert response.status_code == 302
    with scope(authority=authority):
        added = Department.objects.get(authority=authority, custom_name="נוער וספורט")
    assert added.kind == StandardDepartment.OTHER
    assert added.name == "נוער וספורט" and added.is_active
    assert AuditEntry.objects.filter(action="create", object_type="tenancy.department", object_id=str(added.pk)).exists()


def test_a_name_already_used_is_refused_next_to_the_field(login, authority, authority_admin):
    client = login(authority_admin, language="en")
    client.post(page("department_add", authority), {"custom_name": "נוער וספורט"})
    response = client.post(page("department_add", authority), {"custom_name": " נוער  וספורט "})
    assert response.status_code == 200
    assert "already called" in str(response.context["form"].errors["custom_name"])
    assert response.context["form"]["custom_name"].value() == " נוער  וספורט "
    with scope(authority=authority):
        assert Department.objects.filter(authority=authority).count() == len(StandardDepartment.values) + 1


def test_an_own_department_needs_a_name(login, authority, authority_admin):
    with scope(authority=authority):
        own = services.create_department(authority=authority, custom_name="נוער")
    response = login(authority_admin).post(edit_url(authority, own), {"custom_name": "", "is_active": "on",
                                                                      "version": own.version})
    assert response.status_code == 200
    assert response.context["form"].errors["custom_name"]


def test_a_deactivated_department_is_not_offered_for_new_people(login, authority, authority_admin):
    welfare = dept(authority)
    client = login(authority_admin)
    client.post(edit_url(authority, welfare), {"custom_name": "", "version": welfare.version})  # is_active unticked
    assert dept(authority).is_active is False
    form = client.get(page("invite", authority)).context["form"]
    assert welfare not in form.fields["department"].queryset


def test_a_stale_version_keeps_the_typed_name_and_overwrites_nothing(login, authority, authority_admin):
    welfare = dept(authority)
    with scope(authority=authority):
        services.update_department(department=welfare, version=welfare.version, custom_name="שם ראשון",
                                   is_active=True)
    response = login(authority_admin, language="en").post(edit_url(authority, welfare), {
        "custom_name": "שם שני", "is_active": "on", "version": welfare.version,
    })
    assert response.status_code == 409
    assert "Someone else saved a change here" in response.content.decode()
    assert "שם ראשון" in response.content.decode()  # what is saved now, on the conflict screen
    assert response.context["form"]["custom_name"].value() == "שם שני"
    assert dept(authority).custom_name == "שם ראשון"


def test_other_roles_cannot_change_departments(login, authority, ceo, auditor, staff):
    welfare = dept(authority)
    for user in (ceo, auditor, staff):
        client = login(user)
        assert client.get(page("department_add", authority)).status_code == 403
        assert client.post(page("department_add", authority), {"custom_name": "x"}).status_code == 403
        assert client.post(edit_url(authority, welfare), {"custom_name": "x", "version": 1}).status_code == 403
    assert dept(authority).custom_name == ""


def test_an_outsider_gets_404(login, authority, outsider, authority_admin, other_authority):
    assert login(outsider).get(page("departments", authority)).status_code == 404
    theirs = dept(other_authority)
    assert login(authority_admin).get(edit_url(authority, theirs)).status_code == 404
