"""Issue 18, item 1: the key of a two-factor set-up belongs to one login session.

Before: the set-up page reused the user's one unconfirmed device for every session, so anyone with the
password who opened the page before the user confirmed saw the same key, and later passed the check
with it. Now each session is shown its own key, nothing is written until a code confirms it, and a new
device is emailed to its owner and written to the audit log.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from merhav.audit.models import AuditEntry

from .otp import code_for_key
from .writes import capture_writes

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
NOW = dt.datetime(2026, 5, 4, 9, 30, 5, tzinfo=dt.UTC)


def logged_in(user) -> Client:
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    return client


def shown_key(client) -> str:
    return client.get(SETUP).context["secret"]


def test_two_sessions_are_shown_different_keys(ceo):
    assert shown_key(logged_in(ceo)) != shown_key(logged_in(ceo))


def test_opening_the_setup_page_writes_nothing(ceo):
    client = logged_in(ceo)
    with capture_writes() as written:
        response = client.get(SETUP)
    assert response.status_code == 200
    assert written(allowed=()) == []
    assert not TOTPDevice.objects.filter(user=ceo).exists()


def test_a_key_seen_in_another_session_does_not_pass_the_check(ceo, authority):
    """The attack: someone with the password opens the set-up page first, then waits for the user."""
    with time_machine.travel(NOW, tick=False):
        intruder_key = shown_key(logged_in(ceo))
        user = logged_in(ceo)
        user.post(SETUP, {"otp_token": code_for_key(shown_key(user))})
    assert TOTPDevice.objects.filter(user=ceo, confirmed=True).count() == 1
    dashboard = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        intruder = logged_in(ceo)
        response = intruder.post(VERIFY, {"otp_token": code_for_key(intruder_key)})
        assert response.status_code == 200
        assert response.context["form"].errors["otp_token"]
        assert intruder.get(dashboard)["Location"].startswith(VERIFY)


def test_a_second_session_cannot_enrol_over_a_confirmed_device(ceo):
    with time_machine.travel(NOW, tick=False):
        first, second = logged_in(ceo), logged_in(ceo)
        first_key, second_key = shown_key(first), shown_key(second)
        first.post(SETUP, {"otp_token": code_for_key(first_key)})
        response = second.post(SETUP, {"otp_token": code_for_key(second_key)})
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=ceo).count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_new_device_is_emailed_to_its_owner(ceo, run_tasks):
    client = logged_in(ceo)
    client.post(SETUP, {"otp_token": code_for_key(shown_key(client))})
    assert mail.outbox == []  # sent by the worker, not during the request
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ceo.email]
    assert ceo.full_name not in message.subject and ceo.email not in message.subject
    assert "אימות דו־שלבי" in message.body  # the CEO reads Hebrew


@time_machine.travel(NOW, tick=False)
def test_a_new_device_is_audited(ceo):
    client = logged_in(ceo)
    client.post(SETUP, {"otp_token": code_for_key(shown_key(client))})
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERMISSION_CHANGE, object_type="accounts.user")
    assert entry.user == ceo and entry.object_id == str(ceo.pk)
    assert entry.fields == ["two_factor"]


def test_the_old_pending_devices_are_removed_by_the_migration(ceo, staff):
    """Unconfirmed devices left by the old page may have had their key seen by someone else."""
    from importlib import import_module

    from django.apps import apps

    TOTPDevice.objects.create(user=ceo, name="Merhav", confirmed=False)
    kept = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    migration = import_module("merhav.accounts.migrations.0005_forget_pending_totp_devices")
    migration.forget_pending_devices(apps, None)
    assert list(TOTPDevice.objects.all()) == [kept]


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_the_email_is_in_the_owners_language(make_user, authority, run_tasks, language):
    from merhav.tenancy.roles import Role

    user = make_user(authority=authority, role=Role.CEO, language=language)
    with time_machine.travel(NOW, tick=False):
        client = logged_in(user)
        client.post(SETUP, {"otp_token": code_for_key(shown_key(client))})
    run_tasks()
    expected = {"he": "אימות דו־שלבי", "ar": "المصادقة الثنائية", "en": "two-factor authentication"}[language]
    assert expected in mail.outbox[0].body
