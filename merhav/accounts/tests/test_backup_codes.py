"""Backup codes: ten one-time codes shown once after enrolment, each good for one check, renewable from
the account page (issue 18, item 1: recovery when the phone is lost)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from merhav.audit.models import AuditEntry

from .otp import code_for_key

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
PROFILE = reverse("accounts:profile")
REGENERATE = reverse("accounts:backup_codes")
CODE = re.compile(r'<code dir="ltr" class="backup-code">([a-z2-7]{4}-[a-z2-7]{4})</code>')


def logged_in(user) -> Client:
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    return client


@pytest.fixture
def enrolled(ceo):
    """The CEO's session right after enrolment, and the backup codes the page showed."""
    client = logged_in(ceo)
    secret = client.get(SETUP).context["secret"]
    response = client.post(SETUP, {"otp_token": code_for_key(secret)})  # the app's code now (a step of slack)
    codes = CODE.findall(response.content.decode())
    return client, codes


def test_enrolment_shows_ten_backup_codes(enrolled, ceo):
    _client, codes = enrolled
    assert len(codes) == 10 == len(set(codes))
    assert StaticToken.objects.filter(device__user=ceo).count() == 10


def test_the_codes_are_not_shown_again(enrolled):
    client, codes = enrolled
    response = client.get(PROFILE)
    page = response.content.decode()
    assert not any(code in page or code.replace("-", "") in page for code in codes)
    assert response.context["backup_codes_left"] == 10


def test_a_backup_code_passes_the_check(enrolled, ceo, authority):
    _client, codes = enrolled
    client = logged_in(ceo)
    dashboard = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    response = client.post(f"{VERIFY}?next={dashboard}", {"otp_token": codes[0].upper()})
    assert response.status_code == 302
    assert response["Location"] == dashboard
    assert client.get(dashboard).status_code == 200
    assert StaticToken.objects.filter(device__user=ceo).count() == 9
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, user=ceo, fields=["backup_code"]).exists()


def test_a_backup_code_works_once(enrolled, ceo):
    _client, codes = enrolled
    assert logged_in(ceo).post(VERIFY, {"otp_token": codes[3]}).status_code == 302
    response = logged_in(ceo).post(VERIFY, {"otp_token": codes[3]})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]


def test_a_made_up_code_is_refused_and_logged(enrolled, ceo):
    response = logged_in(ceo).post(VERIFY, {"otp_token": "abcd-efgh"})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, user=ceo, fields=["two_factor"]).exists()


def test_new_codes_from_the_account_page_replace_the_old(enrolled, ceo):
    client, old_codes = enrolled
    response = client.post(REGENERATE)
    assert response.status_code == 200
    new_codes = CODE.findall(response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert logged_in(ceo).post(VERIFY, {"otp_token": new_codes[0]}).status_code == 302
    assert logged_in(ceo).post(VERIFY, {"otp_token": old_codes[0]}).status_code == 200  # refused
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, user=ceo, fields=["backup_codes"]).exists()


def test_new_codes_need_a_session_that_passed_the_check(ceo):
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)
    client = Client()
    client.force_login(ceo)  # password only
    response = client.post(REGENERATE)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert not StaticToken.objects.exists()


def test_new_codes_need_two_factor_to_be_on(staff):
    client = Client()
    client.force_login(staff)
    response = client.post(REGENERATE)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    assert not StaticToken.objects.exists()


def test_new_codes_need_post(login, staff):
    assert login(staff).get(REGENERATE).status_code == 405


def test_the_account_page_offers_new_codes(login, ceo):
    page = login(ceo).get(PROFILE).content.decode()
    assert f'action="{REGENERATE}"' in page



def test_the_account_holder_is_told_by_email_when_new_codes_are_made(enrolled, ceo, run_tasks, settings):
    from django.core import mail

    client, _codes = enrolled
    run_tasks()
    mail.outbox.clear()  # the enrolment's own notice
    client.post(REGENERATE)
    run_tasks()
    [message] = mail.outbox
    assert message.to == [ceo.email]
    with translation.override(ceo.language or settings.LANGUAGE_CODE):
        expected = gettext("New backup codes were made for your Merhav account. The earlier backup codes no longer work.")
    assert expected in message.body
    assert "/password/reset/" in message.body
