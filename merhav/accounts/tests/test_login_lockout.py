"""django-axes locks one account from one address after AXES_FAILURE_LIMIT wrong passwords, with our
email login form (the email is posted as `username`)."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from conftest import PASSWORD

ADDRESS = "203.0.113.7"


def post_login(client, email, password, ip=ADDRESS, **extra):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def fail(client, email, times, ip=ADDRESS):
    return [post_login(client, email, "a-wrong-password", ip=ip).status_code for _ in range(times)]


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 5


def test_fifth_failure_shows_the_locked_out_page(client, staff):
    assert fail(client, staff.email, 4) == [200] * 4  # the login form again, with its error
    response = post_login(client, staff.email, "a-wrong-password")
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]


def test_locked_account_refuses_the_right_password(client, staff):
    fail(client, staff.email, 5)
    response = post_login(client, staff.email, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_locked_out_page_is_in_the_visitors_language(client, staff, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    fail(client, staff.email, 5)
    response = post_login(client, staff.email, PASSWORD)
    content = response.content.decode()
    assert '<html lang="en" dir="ltr">' in content
    assert "Too many failed attempts" in content


def test_other_case_of_the_email_counts_for_the_same_account(client, staff):
    fail(client, staff.email.upper(), 3)
    fail(client, staff.email, 2)
    assert post_login(client, staff.email, PASSWORD).status_code == 429


def test_lockout_is_per_account_and_address(client, staff, ceo):
    fail(client, staff.email, 5)
    # The same account from another address, and another account from this address, still log in.
    assert post_login(client, staff.email, PASSWORD, ip="198.51.100.20").status_code == 302
    client.logout()
    assert post_login(client, ceo.email, PASSWORD).status_code == 302


def test_forged_forwarded_for_header_does_not_dodge_the_lockout(client, staff):
    for n in range(5):
        post_login(client, staff.email, "a-wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert post_login(client, staff.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_success_resets_the_failures(client, staff):
    fail(client, staff.email, 4)
    assert post_login(client, staff.email, PASSWORD).status_code == 302
    client.logout()
    assert not AccessAttempt.objects.exists()
    fail(client, staff.email, 4)
    assert post_login(client, staff.email, PASSWORD).status_code == 302


def test_lockout_records_hold_no_typed_email_in_their_request_data(client, staff):
    fail(client, staff.email, 2)
    attempt = AccessAttempt.objects.get()
    assert staff.email not in attempt.post_data
    assert "a-wrong-password" not in attempt.post_data


def test_locked_out_page_says_how_long_the_lock_lasts(client, staff, settings):
    settings.AXES_COOLOFF_SECONDS = 15 * 60
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    fail(client, staff.email, 5)
    content = post_login(client, staff.email, PASSWORD).content.decode()
    assert "blocked for 15 minutes" in content


def test_behind_an_uncounted_proxy_the_page_says_the_short_cool_down(client, staff, settings):
    settings.AXES_SHARED_ADDRESS_COOLOFF = 60
    settings.MERHAV_PROXY_COUNT = 0
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(5):
        post_login(client, staff.email, "a-wrong-password", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1")
    response = post_login(client, staff.email, PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert "blocked for one minute" in response.content.decode()
