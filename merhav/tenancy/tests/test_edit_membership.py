"""Editing a membership: role, department, job title; deactivating and reactivating; the audit log."""

from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.tenancy.models import Membership, StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import standard_department

from .conftest import page


def membership_of(authority, user) -> Membership:
    with scope(authority=authority):
        return Membership.objects.select_related("department").get(authority=authority, user=user)


def edit_url(authority, membership):
    return page("membership_edit", authority, membership_id=membership.pk)


def test_changing_role_and_department_is_a_permission_change_in_the_audit_log(
    login, authority, authority_admin, staff
):
    membership = membership_of(authority, staff)
    welfare = standard_department(authority, StandardDepartment.WELFARE)
    client = login(authority_admin)
    assert client.get(edit_url(authority, membership)).status_code == 200
    response = client.post(edit_url(authority, membership), {
        "role": Role.DEPARTMENT_HEAD, "department": welfare.pk, "title": "", "version": membership.version,
    })
    assert response.status_code == 302
    saved = membership_of(authority, staff)
    assert (saved.role, saved.department, saved.version) == (Role.DEPARTMENT_HEAD, welfare, membership.version + 1)
    entry = AuditEntry.objects.filter(object_type="tenancy.membership", object_id=str(membership.pk)).first()
    assert entry.action == "permission_change"
    assert entry.fields == ["department", "role"]
    assert entry.user == authority_admin and entry.authority == authority


def test_a_job_title_alone_is_an_update(login, authority, authority_admin, staff):
    membership = membership_of(authority, staff)
    login(authority_admin).post(edit_url(authority, membership), {
        "role": membership.role, "department": membership.department_id, "title": "קב\"ט",
        "version": membership.version,
    })
    entry = AuditEntry.objects.filter(object_type="tenancy.membership", object_id=str(membership.pk)).first()
    assert (entry.action, entry.fields) == ("update", ["title"])
    assert membership_of(authority, staff).title == "קב\"ט"


def test_deactivate_and_reactivate(login, authority, authority_admin, staff):
    membership = membership_of(authority, staff)
    client = login(authority_admin)
    response = client.post(page("membership_deactivate", authority, membership_id=membership.pk),
                           {"version": membership.version})
    assert response.status_code == 302
    assert membership_of(authority, staff).is_active is False
    entry = AuditEntry.objects.filter(object_type="tenancy.membership", object_id=str(membership.pk)).first()
    assert (entry.action, entry.fields) == ("permission_change", ["is_active"])
    # The deactivated person no longer reaches the authority.
    assert login(staff).get(page("dashboard", authority)).status_code == 404

    client = login(authority_admin)
    client.post(page("membership_reactivate", authority, membership_id=membership.pk),
                {"version": membership.version + 1})
    assert membership_of(authority, staff).is_active is True


def test_the_last_authority_admin_cannot_be_demoted(login, authority, authority_admin):
    membership = membership_of(authority, authority_admin)
    response = login(authority_admin, language="en").post(edit_url(authority, membership), {
        "role": Role.STAFF, "department": "", "title": "", "version": membership.version,
    })
    assert response.status_code == 200
    assert "at least one active authority admin" in str(response.context["form"].errors["role"])
    assert membership_of(authority, authority_admin).role == Role.AUTHORITY_ADMIN


def test_a_department_of_another_authority_cannot_be_chosen(login, authority, other_authority, authority_admin, staff):
    membership = membership_of(authority, staff)
    theirs = standard_department(other_authority, StandardDepartment.WELFARE)
    response = login(authority_admin).post(edit_url(authority, membership), {
        "role": Role.STAFF, "department": theirs.pk, "title": "", "version": membership.version,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["department"]
    assert membership_of(authority, staff).department.kind == StandardDepartment.SECURITY


def test_other_roles_are_refused_and_the_refusal_is_logged(login, authority, staff, ceo, auditor, department_head):
    membership = membership_of(authority, staff)
    for user in (ceo, auditor, department_head, staff):
        client = login(user)
        assert client.get(edit_url(authority, membership)).status_code == 403
        assert client.post(edit_url(authority, membership), {"role": Role.CEO, "version": 1}).status_code == 403
        assert client.post(page("membership_deactivate", authority, membership_id=membership.pk),
                           {"version": 1}).status_code == 403
    assert membership_of(authority, staff).role == Role.STAFF
    assert AuditEntry.objects.filter(action="denied", user=auditor).exists()


def test_an_outsider_gets_404_and_another_authoritys_membership_is_not_found(
    login, authority, other_authority, outsider, authority_admin
):
    theirs = membership_of(other_authority, outsider)
    assert login(outsider).get(page("people", authority)).status_code == 404
    assert login(authority_admin).get(edit_url(authority, theirs)).status_code == 404


def test_the_people_page_shows_edit_links_only_to_the_admin(login, authority, authority_admin, staff, auditor):
    membership = membership_of(authority, staff)
    assert edit_url(authority, membership) in login(authority_admin).get(page("people", authority)).content.decode()
    assert edit_url(authority, membership) not in login(auditor).get(page("people", authority)).content.decode()
