"""Roles that see personal data must pass a TOTP check after the password; others need not, unless
MERHAV_REQUIRE_2FA_FOR_ALL is on."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role


def password_login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "the password was refused"
    return response


def where_a_page_sends(client, authority) -> str:
    response = client.get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    return response["Location"] if response.status_code == 302 else str(response.status_code)


@pytest.fixture
def intake_coordinator(make_user, authority):
    return make_user(authority=authority, role=Role.INTAKE_COORDINATOR, department_kind=StandardDepartment.WELFARE)


@pytest.mark.parametrize("persona", ["ceo", "authority_admin", "department_head", "intake_coordinator"])
def test_roles_with_personal_data_are_sent_to_set_up_two_factor(client, request, authority, persona):
    user = request.getfixturevalue(persona)
    password_login(client, user)
    target = where_a_page_sends(client, authority)
    assert target.startswith(reverse("accounts:two_factor_setup"))


def test_after_setup_the_ceo_is_sent_to_the_check(client, ceo, authority):
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)
    password_login(client, ceo)
    assert where_a_page_sends(client, authority).startswith(reverse("accounts:two_factor_verify"))


def test_the_redirect_remembers_the_page(client, ceo, authority):
    password_login(client, ceo)
    page = reverse("tenancy:people", kwargs={"authority_slug": authority.slug}) + "?page=2&q=x"
    location = client.get(page)["Location"]
    assert parse_qs(urlparse(location).query)["next"] == [page]


def test_the_login_itself_leads_to_setup(client, ceo):
    response = client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_setup"))
    assert response.status_code == 200


def test_staff_is_not_asked(client, staff, authority):
    password_login(client, staff)
    assert where_a_page_sends(client, authority) == "200"


def test_with_the_setting_staff_is_asked_too(client, staff, authority, settings):
    settings.MERHAV_REQUIRE_2FA_FOR_ALL = True
    password_login(client, staff)
    assert where_a_page_sends(client, authority).startswith(reverse("accounts:two_factor_setup"))


def test_a_national_admin_is_asked(client, make_user):
    admin = make_user(is_national_admin=True)
    password_login(client, admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_a_session_without_the_check_cannot_use_the_api(client, ceo, authority):
    password_login(client, ceo)
    response = client.get("/api/v1/me")
    assert response.status_code == 401


def test_logging_out_is_allowed_before_the_check(client, ceo):
    password_login(client, ceo)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
