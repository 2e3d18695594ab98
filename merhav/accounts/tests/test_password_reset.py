"""Password reset by email, end to end: the email arrives, its link sets a new password."""

import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD
from merhav.audit.models import AuditEntry

NEW_PASSWORD = "a-brand-new-password-2027"


@pytest.fixture
def ask_for_link(run_tasks):
    """Post the form, then let the worker send what was queued."""

    def ask(client_, email):
        response = client_.post(reverse("accounts:password_reset"), {"email": email})
        run_tasks()
        return response

    return ask


def link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/password/reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_email_arrives_with_a_link(client, staff, ask_for_link):
    response = ask_for_link(client, staff.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert staff.full_name not in message.subject and staff.email not in message.subject
    assert link_in(message)


def test_the_email_is_sent_by_the_worker_not_during_the_request(client, staff, run_tasks):
    client.post(reverse("accounts:password_reset"), {"email": staff.email})
    assert mail.outbox == []  # the answer does not wait for the mail server (nor hint that the account exists)
    run_tasks()
    assert len(mail.outbox) == 1


def test_the_link_points_at_the_site_not_at_the_requests_host(client, staff, settings, ask_for_link):
    settings.ALLOWED_HOSTS = ["*"]
    settings.MERHAV_SITE_URL = "https://merhav.example.gov.il"
    client.post(reverse("accounts:password_reset"), {"email": staff.email}, HTTP_HOST="evil.example")
    ask_for_link(client, "nobody@test.example")  # runs the worker
    assert "https://merhav.example.gov.il/password/reset/" in mail.outbox[0].body
    assert "evil.example" not in mail.outbox[0].body


def test_the_link_sets_a_new_password(client, staff, ask_for_link):
    ask_for_link(client, staff.email)
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, user=staff, fields=["password"]).exists()


def test_the_link_works_once(client, staff, ask_for_link):
    ask_for_link(client, staff.email)
    link = link_in(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.get(link, follow=True)
    assert not response.context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db, ask_for_link):
    response = ask_for_link(client, "nobody@test.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_the_email_is_in_the_account_holders_language(client, make_user, ask_for_link):
    user = make_user(language="en")
    ask_for_link(client, user.email)  # from a Hebrew page
    assert "reset the password" in mail.outbox[0].body


def test_a_new_password_lifts_the_lockout(client, staff, settings, ask_for_link):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": staff.email, "password": "wrong-password-here"})
    assert AccessAttempt.objects.exists()
    ask_for_link(client, staff.email)
    form_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.exists()
    response = client.post(reverse("accounts:login"), {"username": staff.email, "password": NEW_PASSWORD})
    assert response.status_code == 302


@time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, 10, tzinfo=dt.UTC), tick=False)
def test_asking_for_links_is_rate_limited(client, staff, settings, ask_for_link):
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "login": (2, 3600)}
    assert [ask_for_link(client, staff.email).status_code for _ in range(3)] == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_the_old_password_no_longer_works(client, staff, rf, ask_for_link):
    ask_for_link(client, staff.email)
    form_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert authenticate(rf.post("/login/"), username=staff.email, password=PASSWORD) is None
    assert authenticate(rf.post("/login/"), username=staff.email, password=NEW_PASSWORD) == staff
