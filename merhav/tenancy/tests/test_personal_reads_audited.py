"""Every page or API response that shows people's contact details or a person's record writes one
VIEW_PERSONAL entry to the audit log, listing the records shown (issue 18, item 3)."""

import pytest
from django_scopes import scopes_disabled

from merhav.api.tests.support import token_api
from merhav.audit.models import AuditEntry
from merhav.tenancy.models import Invitation, Membership
from merhav.tenancy.roles import Role

from .conftest import page

VIEW = AuditEntry.Action.VIEW_PERSONAL


def personal_reads(user):
    return list(AuditEntry.objects.filter(action=VIEW, user=user))


def membership_of(user, authority) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(user=user, authority=authority)


@pytest.mark.parametrize("persona", ["authority_admin", "ceo", "auditor"])
def test_the_people_list_with_emails_is_audited_with_the_people_shown(request, persona, login, authority, staff):
    reader = request.getfixturevalue(persona)
    response = login(reader).get(page("people", authority))
    assert response.status_code == 200
    assert staff.email in response.content.decode()
    [entry] = personal_reads(reader)
    assert entry.authority == authority
    assert entry.object_type == "accounts.user"
    assert {staff.pk, reader.pk} <= set(entry.object_ids)
    assert entry.request_id


def test_the_people_list_without_contact_details_is_not_a_personal_read(login, authority, staff, ceo):
    response = login(staff).get(page("people", authority))
    assert response.status_code == 200
    assert ceo.email not in response.content.decode()
    assert personal_reads(staff) == []


def test_a_members_page_is_audited(login, authority, authority_admin, staff):
    membership = membership_of(staff, authority)
    response = login(authority_admin).get(page("membership_edit", authority, membership_id=membership.pk))
    assert response.status_code == 200
    [entry] = personal_reads(authority_admin)
    assert (entry.object_type, entry.object_ids) == ("accounts.user", [staff.pk])


def test_the_invitations_list_is_audited(login, authority, authority_admin):
    client = login(authority_admin)
    client.post(page("invite", authority), {"email": "dana@example.org", "full_name": "דנה", "role": Role.STAFF})
    with scopes_disabled():
        invitation = Invitation.objects.get()
    response = client.get(page("invitations", authority))
    assert "dana@example.org" in response.content.decode()
    [entry] = personal_reads(authority_admin)
    assert (entry.object_type, entry.object_ids) == ("tenancy.invitation", [invitation.pk])


def test_each_request_writes_one_entry(login, authority, ceo, staff):
    client = login(ceo)
    client.get(page("people", authority))
    client.get(page("people", authority))
    assert len(personal_reads(ceo)) == 2


@pytest.mark.parametrize("persona", ["authority_admin", "auditor"])
def test_the_api_list_of_memberships_is_audited(request, persona, authority, staff):
    reader = request.getfixturevalue(persona)
    response = token_api(reader).get(f"/authorities/{authority.slug}/memberships")
    assert response.status_code == 200
    shown = {row["user"]["id"] for row in response.json()["items"]}
    [entry] = personal_reads(reader)
    assert entry.authority == authority
    assert entry.object_type == "accounts.user"
    assert set(entry.object_ids) == shown and staff.pk in shown


def test_an_api_list_without_emails_is_not_a_personal_read(authority, staff, ceo):
    body = token_api(staff).get(f"/authorities/{authority.slug}/memberships").json()
    assert all(row["user"]["email"] is None for row in body["items"])
    assert personal_reads(staff) == []


def test_an_outsider_refused_leaves_no_personal_read(outsider, authority, login):
    assert login(outsider).get(page("people", authority)).status_code == 404
    assert personal_reads(outsider) == []
