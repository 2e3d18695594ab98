"""Setting up TOTP: a QR code (inline SVG) and the key; a real code from the app confirms the device."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from merhav.accounts.services import totp_secret_b32
from merhav.audit.models import AuditEntry

from .otp import current_code, wrong_code

SETUP = reverse("accounts:two_factor_setup")
NOW = dt.datetime(2026, 5, 4, 9, 30, 5, tzinfo=dt.UTC)


@pytest.fixture
def ceo_client(client, ceo):
    client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD})
    return client


def pending_device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_the_page_shows_a_qr_code_as_inline_svg(ceo_client, ceo):
    response = ceo_client.get(SETUP)
    assert response.status_code == 200
    svg = response.context["qr_svg"]
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg in response.content.decode()  # not escaped
    assert "<script" not in svg and "style=" not in svg  # nothing the strict CSP would block
    device = pending_device(ceo)
    assert totp_secret_b32(device) in response.content.decode()


def test_reloading_the_page_keeps_the_same_key(ceo_client, ceo):
    ceo_client.get(SETUP)
    ceo_client.get(SETUP)
    assert TOTPDevice.objects.filter(user=ceo).count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_real_code_confirms_the_device_and_passes_the_check(ceo_client, ceo, authority):
    dashboard = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    ceo_client.get(SETUP)
    device = pending_device(ceo)
    response = ceo_client.post(f"{SETUP}?next={dashboard}", {"otp_token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == dashboard
    device.refresh_from_db()
    assert device.confirmed
    assert ceo_client.get(dashboard).status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_CHANGE, user=ceo,
                                     fields=["two_factor"]).exists()


@time_machine.travel(NOW, tick=False)
def test_a_wrong_code_is_refused(ceo_client, ceo):
    ceo_client.get(SETUP)
    device = pending_device(ceo)
    response = ceo_client.post(SETUP, {"otp_token": wrong_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]
    device.refresh_from_db()
    assert not device.confirmed


@time_machine.travel(NOW, tick=False)
def test_a_code_from_long_ago_is_refused(ceo_client, ceo):
    ceo_client.get(SETUP)
    device = pending_device(ceo)
    response = ceo_client.post(SETUP, {"otp_token": current_code(device, steps_ahead=-10)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed


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
    ceo_client.get(SETUP)
    device = pending_device(ceo)
    statuses = [ceo_client.post(SETUP, {"otp_token": f"{n:06d}"}).status_code for n in range(3)]
    assert statuses == [200, 200, 200]
    assert ceo_client.post(SETUP, {"otp_token": current_code(device)}).status_code == 429


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(SETUP)
    assert response["Location"].startswith(reverse("accounts:login"))
