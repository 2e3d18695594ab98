"""Behind a reverse proxy with the default PROXY_COUNT=0 every client has the proxy's address: the deploy
check warns once such a request was seen, and a login lockout there is a short cool-down, not a lock."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.core.checks import run_checks
from django.urls import reverse

from merhav.core import ratelimit

NOON = dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=dt.UTC)
PROXY = "127.0.0.1"  # nginx on the same machine


@pytest.fixture(autouse=True)
def _fresh(settings, db):
    settings.MERHAV_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 5
    ratelimit._uncounted_proxy_noted = False
    cache.delete(ratelimit.UNCOUNTED_PROXY_FLAG)
    yield
    ratelimit._uncounted_proxy_noted = False


def deploy_warnings() -> list[str]:
    return [m.id for m in run_checks(include_deployment_checks=True) if m.id and m.id.startswith("merhav.")]


def test_check_deploy_warns_after_a_forwarded_request_with_no_proxy_count(client):
    assert "merhav.W001" not in deploy_warnings()
    client.get(reverse("accounts:login"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert "merhav.W001" in deploy_warnings()


def test_no_warning_when_the_proxy_count_is_set(client, settings):
    settings.MERHAV_PROXY_COUNT = 1
    client.get(reverse("accounts:login"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert "merhav.W001" not in deploy_warnings()


def login_as(client, email, password, forwarded_for):
    return client.post(reverse("accounts:login"), {"username": email, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_behind_an_uncounted_proxy_five_wrong_passwords_only_pause_the_account(client, staff):
    from conftest import PASSWORD

    with time_machine.travel(NOON, tick=False) as clock:
        for n in range(5):
            login_as(client, staff.email, "a-wrong-password", f"198.51.100.{n}")  # someone else, anywhere
        assert login_as(client, staff.email, PASSWORD, "192.0.2.50").status_code == 429  # paused...
        clock.shift(dt.timedelta(seconds=61))
        response = login_as(client, staff.email, PASSWORD, "192.0.2.50")  # ...for a minute, not half an hour
        assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_client_on_the_internet_forging_the_header_still_gets_the_long_lock(client, staff):
    from conftest import PASSWORD

    with time_machine.travel(NOON, tick=False) as clock:
        for _ in range(5):
            client.post(reverse("accounts:login"), {"username": staff.email, "password": "a-wrong-password"},
                        REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.1.1.1")
        clock.shift(dt.timedelta(minutes=5))
        response = client.post(reverse("accounts:login"), {"username": staff.email, "password": PASSWORD},
                               REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert response.status_code == 429
