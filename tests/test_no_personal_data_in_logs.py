"""Nothing personal goes into the logs: not the email typed at login (it may be a stranger's, or a
password typed into the wrong field), not the password, not the client's address in axes' lines."""

import logging

import pytest
from django.urls import reverse

from conftest import PASSWORD

TYPED_EMAIL = "Dana.Levi@Example-City.example"
TYPED_PASSWORD = "hunter2-but-longer"


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("axes", "django", "django.request", "django.security", "merhav"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def text_of(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def assert_clean(text: str, *secrets: str):
    lowered = text.lower()
    for secret in secrets:
        assert secret.lower() not in lowered, f"{secret!r} was logged"


def test_failed_logins_and_lockout_log_no_email_password_or_address(client, make_user, all_logs, settings):
    make_user(email=TYPED_EMAIL)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("accounts:login"), {"username": TYPED_EMAIL, "password": TYPED_PASSWORD},
                    REMOTE_ADDR="203.0.113.81")
    assert any("AXES" in r.getMessage() for r in all_logs.records), "axes logged nothing: the test saw nothing"
    assert_clean(text_of(all_logs), TYPED_EMAIL, TYPED_PASSWORD, "203.0.113.81", "Dana")


def test_a_stranger_typed_at_login_is_not_logged(client, db, all_logs):
    client.post(reverse("accounts:login"), {"username": "someone.else@elsewhere.example", "password": TYPED_PASSWORD})
    assert_clean(text_of(all_logs), "someone.else", TYPED_PASSWORD)


def test_a_successful_login_logs_no_email(client, make_user, all_logs):
    user = make_user(email=TYPED_EMAIL)
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert_clean(text_of(all_logs), TYPED_EMAIL, PASSWORD)


def test_a_password_reset_logs_no_email(client, make_user, all_logs, run_tasks):
    make_user(email=TYPED_EMAIL)
    client.post(reverse("accounts:password_reset"), {"email": TYPED_EMAIL})
    run_tasks()  # the worker sends it, and logs the task
    assert_clean(text_of(all_logs), TYPED_EMAIL)


def test_the_log_format_names_no_person():
    from django.conf import settings

    for formatter in settings.LOGGING["formatters"].values():
        assert "user" not in formatter["format"] and "email" not in formatter["format"]
