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


# --- secrets in addresses: the access log and Django's request log -------------------------------------

CALENDAR_TOKEN = "Zq3xV8kP2mN7rT5wY1bC4dF6gH9jK0lA"
RESET_PATH = "/password/reset/MQ/cz8k2l-9f1e2d3c4b5a69788796a5b4c3d2e1f0/"


def access_line(path: str, query: str = "", referer: str = "-") -> str:
    """One line of gunicorn's access log, as merhav/gunicorn_conf.py configures it."""
    import datetime as dt
    import io
    from types import SimpleNamespace

    from gunicorn.config import Config

    from merhav import gunicorn_conf

    config = Config()
    for name in ("accesslog", "access_log_format", "logger_class"):
        config.set(name, getattr(gunicorn_conf, name))
    logger = config.logger_class(config)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.stream = stream
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path + (f"?{query}" if query else ""), "PATH_INFO": path,
               "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.81",
               "HTTP_REFERER": referer}
    response = SimpleNamespace(status="200 OK", sent=512, headers=[("X-Request-ID", "abc123def456")])
    request = SimpleNamespace(headers=[("COOKIE", "sessionid=s3cr3t"), ("AUTHORIZATION", "Bearer mrv_s3cr3t")])
    logger.access(response, request, environ, dt.timedelta(milliseconds=12))
    return stream.getvalue()


def test_the_access_log_redacts_the_calendar_token():
    line = access_line(f"/calendar/{CALENDAR_TOKEN}.ics")
    assert CALENDAR_TOKEN not in line
    assert "/calendar/[redacted].ics" in line and "abc123def456" in line


def test_the_access_log_redacts_reset_and_invitation_links():
    assert "cz8k2l" not in access_line(RESET_PATH)
    assert "inv0t3T0k3nAbcdefGhijklmnop" not in access_line("/invitations/inv0t3T0k3nAbcdefGhijklmnop/")


def test_the_access_log_keeps_no_search_words_address_cookie_or_referrer_secret():
    line = access_line("/a/home-city/people/", query="q=Dana+Levi",
                       referer=f"https://merhav.example.gov.il/calendar/{CALENDAR_TOKEN}.ics?q=Dana")
    assert_clean(line, "Dana", "203.0.113.81", "s3cr3t", CALENDAR_TOKEN)
    assert "/a/home-city/people/" in line


def test_djangos_request_log_redacts_the_token_of_an_unknown_calendar(client, db, all_logs):
    assert client.get(f"/calendar/{CALENDAR_TOKEN}.ics").status_code == 404
    assert any("Not Found" in r.getMessage() for r in all_logs.records)
    assert_clean(text_of(all_logs), CALENDAR_TOKEN)


def test_djangos_request_log_redacts_a_reset_link_that_does_not_resolve(client, db, all_logs):
    client.get(RESET_PATH + "extra/")
    assert_clean(text_of(all_logs), "cz8k2l")
