"""Setting up TOTP: a QR code (inline SVG) and the key; a real code from the app confirms the device."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from merhav.audit.models import AuditEntry

from .otp import code_for_key, wrong_code_for_key

SETUP = reverse("accounts:two_factor_setup")
NOW = dt.datetime(2026, 5, 4, 9, 30, 5, tzinfo=dt.UTC)


@pytest.fixture
def ceo_client(client, ceo):
    client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD})
    return client


def shown_key(client) -> str:
    return client.get(SETUP).context["secret"]


def test_the_page_shows_a_qr_code_as_inline_svg(ceo_client, ceo):
    response = ceo_client.get(SETUP)
    assert response.status_code == 200
    svg = response.context["qr_svg"]
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg in response.content.decode()  # not escaped
    assert "<script" not in svg and "style=" not in svg  # nothing the strict CSP would block
    secret = response.context["secret"]
    assert len(secret) == 32  # 20 random bytes in base32
    assert secret in response.content.decode()


def test_reloading_the_page_keeps_the_same_key(ceo_client, ceo):
    assert shown_key(ceo_client) == shown_key(ceo_client)
    assert not TOTPDevice.objects.filter(user=ceo).exists()


@time_machine.travel(NOW, tick=False)
def test_a_real_code_confirms_the_device_and_passes_the_check(ceo_client, ceo, authority):
    dashboard = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    secret = shown_key(ceo_client)
    response = ceo_client.post(f"{SETUP}?next={dashboard}", {"otp_token": code_for_key(secret)})
    assert response.status_code == 200
    assert "accounts/backup_codes.html" in [t.name for t in response.templates]
    assert f'href="{dashboard}"' in response.content.decode()  # continue to where the user was going
    device = TOTPDevice.objects.get(user=ceo)
    assert device.confirmed
    assert ceo_client.get(dashboard).status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_CHANGE, user=ceo,
                                     fields=["two_factor"]).exists()


@time_machine.travel(NOW, tick=False)
def test_the_confirmed_device_refuses_the_code_that_confirmed_it(ceo_client, ceo):
    secret = shown_key(ceo_client)
    code = code_for_key(secret)
    ceo_client.post(SETUP, {"otp_token": code})
    ceo_client.post(reverse("accounts:logout"))
    ceo_client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD})
    response = ceo_client.post(reverse("accounts:two_factor_verify"), {"otp_token": code})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]


@time_machine.travel(NOW, tick=False)
def test_a_wrong_code_is_refused(ceo_client, ceo):
    secret = shown_key(ceo_client)
    response = ceo_client.post(SETUP, {"otp_token": wrong_code_for_key(secret)})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]
    assert response.context["secret"] == secret  # the same key, to try again with the app already set up
    assert not TOTPDevice.objects.filter(user=ceo).exists()


@time_machine.travel(NOW, tick=False)
def test_a_code_from_long_ago_is_refused(ceo_client, ceo):
    secret = shown_key(ceo_client)
    response = ceo_client.post(SETUP, {"otp_token": code_for_key(secret, steps_ahead=-10)})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=ceo).exists()


def test_not_six_digits_is_a_form_error(ceo_client, ceo):
    response = ceo_client.post(SETUP, {"otp_token": "12ab56"})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]


def test_a_user_with_a_device_is_sent_to_the_check(ceo_client, ceo):
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)
    response = ceo_client.get(SETUP)
    assert response["Location"] == reverse("accounts:two_factor_verify")


@time_machine.travel(NOW, tick=False)
def test_guessing_is_rate_limited(ceo_client, ceo, settings):
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "login": (3, 60)}
    secret = shown_key(ceo_client)
    statuses = [ceo_client.post(SETUP, {"otp_token": f"{n:06d}"}).status_code for n in range(3)]
    assert statuses == [200, 200, 200]
    assert ceo_client.post(SETUP, {"otp_token": code_for_key(secret)}).status_code == 429
    assert not TOTPDevice.objects.filter(user=ceo).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(SETUP)
    assert response["Location"].startswith(reverse("accounts:login"))
