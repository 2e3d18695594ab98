"""An authority admin resets a member's two-factor authentication (the phone is lost): the member's
devices and backup codes are gone, the member must enrol again, is told by email, and the reset is in
the audit log (issue 18, item 1). A national admin does the same from /admin/."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope

from conftest import verified_login
from merhav.audit.models import AuditEntry
from merhav.tenancy import services as tenancy_services
from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role


def membership_of(authority, user) -> Membership:
    with scope(authority=authority):
        return Membership.objects.get(authority=authority, user=user)


def reset_url(authority, user) -> str:
    return reverse("tenancy:membership_two_factor",
                   kwargs={"authority_slug": authority.slug, "membership_id": membership_of(authority, user).pk})


@pytest.fixture
def enrolled_ceo(ceo):
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)
    StaticDevice.objects.create(user=ceo, name="backup", confirmed=True).token_set.create(token="abcdefgh")
    return ceo


def devices_of(user) -> int:
    return TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()


def test_the_page_says_whether_two_factor_is_on(login, authority, authority_admin, enrolled_ceo):
    response = login(authority_admin).get(reset_url(authority, enrolled_ceo))
    assert response.status_code == 200
    assert response.context["has_two_factor"] is True
    assert enrolled_ceo.full_name in response.content.decode()


def test_opening_the_page_writes_nothing(login, authority, authority_admin, enrolled_ceo):
    from merhav.accounts.tests.writes import capture_writes

    client = login(authority_admin)
    client.get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))  # the session's authority
    with capture_writes() as written:
        assert client.get(reset_url(authority, enrolled_ceo)).status_code == 200
    assert written(allowed=()) == []


def test_the_membership_page_links_to_it(login, authority, authority_admin, enrolled_ceo):
    membership = membership_of(authority, enrolled_ceo)
    page = login(authority_admin).get(reverse("tenancy:membership_edit", kwargs={
        "authority_slug": authority.slug, "membership_id": membership.pk})).content.decode()
    assert f'href="{reset_url(authority, enrolled_ceo)}"' in page


def test_the_authority_admin_resets_the_ceos_two_factor(login, authority, authority_admin, enrolled_ceo, run_tasks):
    response = login(authority_admin).post(reset_url(authority, enrolled_ceo))
    assert response.status_code == 302
    assert devices_of(enrolled_ceo) == 0
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERMISSION_CHANGE, object_type="accounts.user",
                                   object_id=str(enrolled_ceo.pk))
    assert (entry.user, entry.authority, entry.fields) == (authority_admin, authority, ["two_factor"])
    run_tasks()
    assert [m.to for m in mail.outbox] == [[enrolled_ceo.email]]
    assert authority.name_he in mail.outbox[0].body  # who reset it: the authority's administrator
    assert enrolled_ceo.full_name not in mail.outbox[0].subject


def test_the_member_must_enrol_again(login, authority, authority_admin, enrolled_ceo):
    ceo_client = verified_login(Client(), enrolled_ceo)
    dashboard = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    assert ceo_client.get(dashboard).status_code == 200
    login(authority_admin).post(reset_url(authority, enrolled_ceo))
    response = ceo_client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


@pytest.mark.parametrize("role", [Role.CEO, Role.STAFF, Role.AUDITOR, Role.DEPARTMENT_HEAD])
def test_other_roles_may_not_reset(login, make_user, authority, enrolled_ceo, role):
    actor = make_user(authority=authority, role=role)
    client = login(actor)
    assert client.get(reset_url(authority, enrolled_ceo)).status_code == 403
    assert client.post(reset_url(authority, enrolled_ceo)).status_code == 403
    assert devices_of(enrolled_ceo) == 2
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=actor).exists()


def test_an_admin_of_another_authority_gets_404(login, make_user, authority, other_authority, enrolled_ceo):
    foreign_admin = make_user(authority=other_authority, role=Role.AUTHORITY_ADMIN)
    url = reverse("tenancy:membership_two_factor", kwargs={
        "authority_slug": other_authority.slug, "membership_id": membership_of(authority, enrolled_ceo).pk})
    assert login(foreign_admin).post(url).status_code == 404
    assert login(foreign_admin).post(reset_url(authority, enrolled_ceo)).status_code == 404
    assert devices_of(enrolled_ceo) == 2


def test_an_authority_admin_may_not_reset_a_national_admin(login, authority, authority_admin, make_user):
    national = make_user(authority=authority, role=Role.STAFF, is_national_admin=True)
    TOTPDevice.objects.create(user=national, name="phone", confirmed=True)
    client = login(authority_admin)
    page = client.get(reset_url(authority, national))
    assert page.status_code == 200 and page.context["may_reset"] is False
    assert client.post(reset_url(authority, national)).status_code == 403
    assert devices_of(national) == 1


def test_a_deactivated_member_cannot_be_reset_here(login, authority, authority_admin, enrolled_ceo):
    membership = membership_of(authority, enrolled_ceo)
    tenancy_services.set_membership_active(membership=membership, version=membership.version,
                                           active=False)
    assert login(authority_admin).post(reset_url(authority, enrolled_ceo)).status_code == 403
    assert devices_of(enrolled_ceo) == 2


def test_a_national_admin_resets_from_the_admin_site(login, make_user, enrolled_ceo, run_tasks):
    national = make_user(is_national_admin=True)
    response = login(national).post(reverse("admin:accounts_user_changelist"), {
        "action": "reset_two_factor", "_selected_action": [enrolled_ceo.pk]})
    assert response.status_code == 302
    assert devices_of(enrolled_ceo) == 0
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERMISSION_CHANGE, object_type="accounts.user",
                                   object_id=str(enrolled_ceo.pk))
    assert (entry.user, entry.fields) == (national, ["two_factor"])
    run_tasks()
    assert [m.to for m in mail.outbox] == [[enrolled_ceo.email]]
