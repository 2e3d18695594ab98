"""/api/v1/authorities/<slug>/memberships: members list the people; authority admins invite people (the
person accepts the emailed invitation) and change memberships; the auditor and others get 403 (and the
refused write is in the audit log); an outsider gets 404."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils.dateparse import parse_datetime
from django_scopes import scopes_disabled

from merhav.audit.models import AuditEntry
from merhav.tenancy import services as tenancy_services
from merhav.tenancy.models import Invitation, Membership, StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import standard_department

from .support import session_api, token_api


def members(authority) -> str:
    return f"/authorities/{authority.slug}/memberships"


def member(authority, membership_id) -> str:
    return f"{members(authority)}/{membership_id}"


def membership_of(user, authority) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(user=user, authority=authority)


def denied_entries(user):
    return AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=user)


# --- list ---------------------------------------------------------------------------------------------


def test_a_member_lists_the_people(staff, ceo, authority):
    response = token_api(staff).get(members(authority))
    assert response.status_code == 200
    body = response.json()
    ids = {row["user"]["id"] for row in body["items"]}
    assert {staff.pk, ceo.pk} <= ids
    row = next(r for r in body["items"] if r["user"]["id"] == ceo.pk)
    assert row["role"] == Role.CEO
    assert row["version"] >= 1
    # Staff do not see contact details (as on the People page).
    assert row["user"]["email"] is None


@pytest.mark.parametrize("persona", ["authority_admin", "ceo", "auditor"])
def test_managing_roles_and_the_auditor_see_emails(request, persona, staff, authority):
    body = token_api(request.getfixturevalue(persona)).get(members(authority)).json()
    row = next(r for r in body["items"] if r["user"]["id"] == staff.pk)
    assert row["user"]["email"] == staff.email


def test_filters_and_pages(staff, ceo, auditor, make_user, authority):
    for _ in range(3):
        make_user(authority=authority, role=Role.VIEWER)
    api = token_api(staff)
    viewers = api.get(members(authority), {"role": Role.VIEWER}).json()["items"]
    assert len(viewers) == 3 and all(r["role"] == Role.VIEWER for r in viewers)
    first = api.get(members(authority), {"limit": 2}).json()
    second = api.get(members(authority), {"limit": 2, "offset": first["next_offset"]}).json()
    assert first["next_offset"] == 2
    assert not {r["id"] for r in first["items"]} & {r["id"] for r in second["items"]}


def test_outsider_gets_404(outsider, authority):
    assert token_api(outsider).get(members(authority)).status_code == 404


def test_unknown_authority_is_404(staff):
    assert token_api(staff).get("/authorities/no-such-place/memberships").status_code == 404


@pytest.mark.parametrize("extra", [2, 25])
def test_list_query_count_does_not_grow(staff, make_user, authority, extra, django_assert_max_num_queries):
    for _ in range(extra):
        make_user(authority=authority, department_kind=StandardDepartment.WELFARE)
    api = token_api(staff)
    api.get(members(authority))
    with django_assert_max_num_queries(9):
        response = api.get(members(authority), {"limit": 100})
    assert len(response.json()["items"]) >= extra


# --- create -------------------------------------------------------------------------------------------


def invitations_to(email):
    with scopes_disabled():
        return list(Invitation.objects.filter(email__iexact=email))


def test_an_authority_admin_invites_a_person_who_must_accept(authority_admin, make_user, authority, run_tasks):
    newcomer = make_user()
    welfare = standard_department(authority, StandardDepartment.WELFARE)
    response = token_api(authority_admin).post(members(authority), {
        "email": newcomer.email.upper(), "role": Role.DEPARTMENT_HEAD, "department_id": welfare.pk,
        "title": "Head of welfare"})
    assert response.status_code == 202
    [invitation] = invitations_to(newcomer.email)
    body = response.json()
    assert (body["id"], body["status"]) == (invitation.pk, "pending")
    assert abs(parse_datetime(body["expires_at"]) - invitation.expires_at) < timedelta(milliseconds=1)
    assert (invitation.role, invitation.department_id, invitation.title, invitation.invited_by) == (
        Role.DEPARTMENT_HEAD, welfare.pk, "Head of welfare", authority_admin)
    # Nobody is added without consent: no membership until the person accepts the emailed invitation.
    with scopes_disabled():
        assert not Membership.objects.filter(user=newcomer, authority=authority).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_type="tenancy.invitation",
                                     object_id=str(invitation.pk), user=authority_admin).exists()
    run_tasks()
    assert [m.to for m in mail.outbox] == [[newcomer.email.lower()]]


def test_the_invited_person_reaches_the_authority_only_after_accepting(authority_admin, make_user, authority):
    newcomer = make_user()
    newcomer_api = token_api(newcomer)
    token_api(authority_admin).post(members(authority), {"email": newcomer.email, "role": Role.STAFF})
    assert newcomer_api.get(members(authority)).status_code == 404
    [invitation] = invitations_to(newcomer.email)
    tenancy_services.accept_invitation(invitation=invitation, user=newcomer)
    assert newcomer_api.get(members(authority)).status_code == 200


def test_the_answer_does_not_tell_whether_the_address_has_an_account(authority_admin, make_user, authority):
    """No probing of the platform's accounts: the same status and the same kind of body either way."""
    existing = make_user(full_name="Existing Person")
    api = token_api(authority_admin)
    known = api.post(members(authority), {"email": existing.email, "role": "staff"})
    unknown = api.post(members(authority), {"email": "nobody@test.example", "role": "staff"})
    assert known.status_code == unknown.status_code == 202
    assert set(known.json()) == set(unknown.json()) == {"id", "status", "expires_at"}
    assert known.json()["status"] == unknown.json()["status"] == "pending"
    assert "Existing Person" not in known.content.decode()
    assert len(invitations_to("nobody@test.example")) == 1


def test_an_existing_member_is_a_field_error(authority_admin, staff, authority):
    response = token_api(authority_admin).post(members(authority), {"email": staff.email, "role": Role.CEO})
    assert response.status_code == 422
    assert "email" in response.json()["errors"]
    assert membership_of(staff, authority).role == Role.STAFF
    assert invitations_to(staff.email) == []


def test_an_invalid_email_is_a_field_error(authority_admin, authority):
    response = token_api(authority_admin).post(members(authority), {"email": "not an address", "role": "staff"})
    assert response.status_code == 422
    assert "email" in response.json()["errors"]


def test_a_department_of_another_authority_is_refused(authority_admin, make_user, authority, other_authority):
    theirs = standard_department(other_authority, StandardDepartment.WELFARE)
    response = token_api(authority_admin).post(members(authority), {
        "email": make_user().email, "role": "staff", "department_id": theirs.pk})
    assert response.status_code == 422
    assert "department_id" in response.json()["errors"]


def test_an_unknown_role_is_refused(authority_admin, make_user, authority):
    response = token_api(authority_admin).post(members(authority), {"email": make_user().email, "role": "king"})
    assert response.status_code == 422
    assert "role" in response.json()["errors"]


@pytest.mark.parametrize("persona", ["auditor", "ceo", "staff", "department_head"])
def test_others_may_not_add_and_the_refusal_is_audited(request, persona, make_user, authority):
    user = request.getfixturevalue(persona)
    newcomer = make_user()
    response = token_api(user).post(members(authority), {"email": newcomer.email, "role": Role.AUTHORITY_ADMIN})
    assert response.status_code == 403
    with scopes_disabled():
        assert not Membership.objects.filter(user=newcomer).exists()
    assert invitations_to(newcomer.email) == []
    entry = denied_entries(user).get()
    assert entry.authority == authority
    # A role that only reads is refused before the input is read; others by the operation's permission.
    expected = "POST /api/v1/authorities/<authority_slug>/memberships" if persona == "auditor" else "tenancy.manage_people"
    assert entry.object_type == expected


def test_outsider_may_not_add(outsider, make_user, authority):
    response = token_api(outsider).post(members(authority), {"email": make_user().email, "role": "staff"})
    assert response.status_code == 404


# --- update -------------------------------------------------------------------------------------------


def test_an_authority_admin_changes_a_role(authority_admin, staff, authority):
    membership = membership_of(staff, authority)
    response = token_api(authority_admin).patch(member(authority, membership.pk), {
        "version": membership.version, "role": Role.DEPARTMENT_HEAD})
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == Role.DEPARTMENT_HEAD
    assert body["version"] == membership.version + 1
    assert body["department"]["id"] == membership.department_id  # left out: kept
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_CHANGE, object_id=str(membership.pk)).latest("id")
    assert entry.user == authority_admin and entry.fields == ["role"]


def test_department_null_removes_it(authority_admin, staff, authority):
    membership = membership_of(staff, authority)
    body = token_api(authority_admin).patch(member(authority, membership.pk), {
        "version": membership.version, "department_id": None}).json()
    assert body["department"] is None


def test_deactivate_and_reactivate(authority_admin, staff, authority):
    api = token_api(authority_admin)
    membership = membership_of(staff, authority)
    off = api.patch(member(authority, membership.pk), {"version": membership.version, "is_active": False}).json()
    assert off["is_active"] is False
    staff_api = token_api(staff)
    assert staff_api.get(members(authority)).status_code == 404
    on = api.patch(member(authority, membership.pk), {"version": off["version"], "is_active": True}).json()
    assert on["is_active"] is True


def test_role_and_activity_in_one_call(authority_admin, staff, authority):
    membership = membership_of(staff, authority)
    body = token_api(authority_admin).patch(member(authority, membership.pk), {
        "version": membership.version, "role": Role.VIEWER, "is_active": False}).json()
    assert body["role"] == Role.VIEWER and body["is_active"] is False
    assert body["version"] == membership.version + 2


def test_a_stale_version_is_409_and_changes_nothing(authority_admin, staff, authority):
    membership = membership_of(staff, authority)
    api = token_api(authority_admin)
    api.patch(member(authority, membership.pk), {"version": membership.version, "title": "First"})
    response = api.patch(member(authority, membership.pk), {"version": membership.version, "role": Role.CEO})
    assert response.status_code == 409
    assert response.json()["current"]["title"] == "First"
    assert membership_of(staff, authority).role == Role.STAFF


def test_the_last_admin_cannot_be_demoted(authority_admin, authority):
    membership = membership_of(authority_admin, authority)
    response = token_api(authority_admin).patch(member(authority, membership.pk), {
        "version": membership.version, "role": Role.STAFF})
    assert response.status_code == 422
    assert "role" in response.json()["errors"]
    assert membership_of(authority_admin, authority).role == Role.AUTHORITY_ADMIN


def test_a_membership_of_another_authority_is_404(authority_admin, outsider, other_authority, authority):
    theirs = membership_of(outsider, other_authority)
    response = token_api(authority_admin).patch(member(authority, theirs.pk), {"version": theirs.version,
                                                                                 "role": Role.STAFF})
    assert response.status_code == 404
    assert membership_of(outsider, other_authority).role == Role.CEO


@pytest.mark.parametrize("persona", ["auditor", "ceo", "staff"])
def test_others_may_not_change_and_the_refusal_is_audited(request, persona, staff, authority):
    user = request.getfixturevalue(persona)
    membership = membership_of(staff, authority)
    response = token_api(user).patch(member(authority, membership.pk), {"version": membership.version,
                                                                        "role": Role.AUTHORITY_ADMIN})
    assert response.status_code == 403
    assert membership_of(staff, authority).role == Role.STAFF
    assert denied_entries(user).filter(authority=authority).exists()


def test_the_auditors_invalid_input_is_still_403(auditor, authority):
    response = token_api(auditor).post(members(authority), {"role": "not-a-role"})
    assert response.status_code == 403
    assert denied_entries(auditor).filter(authority=authority).exists()


def test_outsider_may_not_change(outsider, staff, authority):
    membership = membership_of(staff, authority)
    response = token_api(outsider).patch(member(authority, membership.pk), {"version": membership.version,
                                                                            "role": Role.STAFF})
    assert response.status_code == 404


def test_the_session_works_the_same(authority_admin, staff, authority):
    membership = membership_of(staff, authority)
    response = session_api(authority_admin).patch(member(authority, membership.pk), {
        "version": membership.version, "title": "Coordinator"})
    assert response.status_code == 200
    assert response.json()["title"] == "Coordinator"
