"""The check after the password for a user who has a device: a real code passes, wrong ones do not."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from merhav.audit.models import AuditEntry

from .otp import current_code, wrong_code

VERIFY = reverse("accounts:two_factor_verify")
NOW = dt.datetime(2026, 5, 4, 9, 30, 5, tzinfo=dt.UTC)


@pytest.fixture
def device(ceo):
    return TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)


@pytest.fixture
def ceo_client(client, ceo, device):
    client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD})
    return client


def dashboard(authority) -> str:
    return reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})


@time_machine.travel(NOW, tick=False)
def test_the_right_code_opens_the_pages(ceo_client, device, authority):
    response = ceo_client.post(f"{VERIFY}?next={dashboard(authority)}", {"otp_token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == dashboard(authority)
    assert ceo_client.get(dashboard(authority)).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_wrong_code_is_refused_and_logged(ceo_client, device, ceo, authority):
    response = ceo_client.post(VERIFY, {"otp_token": wrong_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]
    assert ceo_client.get(dashboard(authority)).status_code == 302
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, user=ceo, fields=["two_factor"]).exists()


def test_a_used_code_cannot_be_used_again(client, ceo, device, authority):
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD})
        code = current_code(device)
        assert client.post(VERIFY, {"otp_token": code}).status_code == 302
        client.post(reverse("accounts:logout"))
        client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD})
        response = client.post(VERIFY, {"otp_token": code})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]


@time_machine.travel(NOW, tick=False)
def test_an_offsite_next_is_ignored(ceo_client, device):
    response = ceo_client.post(f"{VERIFY}?next=https://evil.example/", {"otp_token": current_code(device)})
    assert response["Location"] == "/"


@time_machine.travel(NOW, tick=False)
def test_guessing_is_rate_limited(ceo_client, device, settings):
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "login": (3, 60)}
    statuses = [ceo_client.post(VERIFY, {"otp_token": f"{n:06d}"}).status_code for n in range(3)]
    assert statuses == [200, 200, 200]
    response = ceo_client.post(VERIFY, {"otp_token": current_code(device)})
    assert response.status_code == 429
    assert "accounts/rate_limited.html" in [t.name for t in response.templates]


def test_without_a_device_the_check_sends_to_setup(client, ceo):
    client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD})
    assert client.get(VERIFY)["Location"] == reverse("accounts:two_factor_setup")
