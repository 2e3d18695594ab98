"""Issue 16, item 5: opening a page of the accounts app writes nothing (an audit entry aside).

Before: the account page made the personal calendar address on a GET, and the two-factor set-up page
made a device on a GET. Every page of the app is here; a new page that is not fails the last test.
"""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope

from conftest import PASSWORD, verified_login
from merhav.tenancy import services as tenancy_services
from merhav.tenancy.roles import Role

from .writes import capture_writes


def anonymous(**_people) -> Client:
    return Client()


def as_staff(*, staff, **_people) -> Client:
    return verified_login(Client(), staff)


def as_ceo_after_password(*, ceo, **_people) -> Client:
    client = Client()
    client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD})
    return client


def as_enrolled_ceo_after_password(*, ceo, **people) -> Client:
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)
    return as_ceo_after_password(ceo=ceo)


def invitation_link(*, authority, authority_admin, email="new.person@example.org", **_people) -> str:
    with scope(authority=authority):
        invitation = tenancy_services.invite_member(authority=authority, email=email, role=Role.STAFF, by=authority_admin)
    return reverse("accounts:accept_invitation", kwargs={"token": invitation.token})


def reset_link(*, staff, **_people) -> str:
    return reverse("accounts:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(staff.pk)), "token": default_token_generator.make_token(staff)})


def fixed(name: str, **kwargs):
    return lambda **_people: reverse(f"accounts:{name}", kwargs=kwargs or None)


# (URL name, case, who opens it, the address, tables that may be written besides the audit log)
PAGES = [
    ("login", "anonymous", anonymous, fixed("login"), ()),
    ("logout", "GET is refused", as_staff, fixed("logout"), ()),
    ("set_language", "GET is refused", as_staff, fixed("set_language"), ()),
    ("profile", "no calendar address yet", as_staff, fixed("profile"), ()),
    ("calendar_token_reset", "GET is refused", as_staff, fixed("calendar_token_reset"), ()),
    ("token_create", "GET is refused", as_staff, fixed("token_create"), ()),
    ("token_revoke", "GET is refused", as_staff, fixed("token_revoke", token_id=1), ()),
    ("two_factor_setup", "not enrolled", as_ceo_after_password, fixed("two_factor_setup"), ()),
    ("two_factor_verify", "enrolled, not yet checked", as_enrolled_ceo_after_password,
     fixed("two_factor_verify"), ()),
    ("backup_codes", "GET is refused", as_staff, fixed("backup_codes"), ()),
    ("accept_invitation", "a new person", anonymous, invitation_link, ()),
    ("accept_invitation", "an account holder, logged in",
     lambda *, make_user, **_: verified_login(Client(), make_user(email="holder@example.org")),
     lambda **people: invitation_link(email="holder@example.org", **people), ()),
    ("password_reset", "anonymous", anonymous, fixed("password_reset"), ()),
    ("password_reset_done", "anonymous", anonymous, fixed("password_reset_done"), ()),
    # Django keeps the link's token in the session and redirects, so that it does not leak in a Referer.
    ("password_reset_confirm", "a valid link", anonymous, reset_link, ("django_session",)),
    ("password_reset_confirm", "a broken link", anonymous,
     fixed("password_reset_confirm", uidb64="MQ", token="set-password"), ()),
    ("password_reset_complete", "anonymous", anonymous, fixed("password_reset_complete"), ()),
]


@pytest.fixture
def people(authority, staff, ceo, authority_admin, make_user):
    return {"authority": authority, "staff": staff, "ceo": ceo, "authority_admin": authority_admin,
            "make_user": make_user}


@pytest.mark.parametrize(("name", "case", "who", "address", "allowed"), PAGES,
                         ids=[f"{name}: {case}" for name, case, *_ in PAGES])
def test_opening_the_page_writes_nothing(people, name, case, who, address, allowed):
    client = who(**people)
    url = address(**people)
    with capture_writes() as written:
        response = client.get(url)
    assert response.status_code in (200, 302, 405), (url, response.status_code)
    assert written(allowed=("audit_auditentry", *allowed)) == [], url


def test_the_profile_shows_no_calendar_address_until_asked_for(people):
    staff = people["staff"]
    page = as_staff(**people).get(reverse("accounts:profile")).content.decode()
    staff.refresh_from_db()
    assert staff.calendar_token is None
    assert f'action="{reverse("accounts:calendar_token_reset")}"' in page


def test_every_page_of_the_app_is_in_this_list():
    names = set()
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "accounts":
            names |= {p.name for p in pattern.url_patterns}
    listed = {name for name, *_ in PAGES}
    assert names == listed
    assert all(re.fullmatch(r"[a-z_]+", name) for name in names)
