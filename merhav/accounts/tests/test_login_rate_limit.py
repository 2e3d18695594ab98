"""The login POST is rate-limited per client address (merhav/core/ratelimit.py), before any password check."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import PASSWORD

NOON = dt.datetime(2026, 3, 1, 12, 0, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "login": (3, 60)}


def post_login(client, email, password=PASSWORD, ip="203.0.113.7"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


@time_machine.travel(NOON, tick=False)
def test_fourth_login_post_in_a_minute_is_refused(client, staff):
    statuses = [post_login(client, f"nobody{n}@test.example", "wrong-password").status_code for n in range(3)]
    assert statuses == [200, 200, 200]
    response = post_login(client, staff.email)
    assert response.status_code == 429
    assert "accounts/rate_limited.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


@time_machine.travel(NOON, tick=False)
def test_limit_is_per_address(client, staff):
    for n in range(3):
        post_login(client, f"nobody{n}@test.example", "wrong-password")
    assert post_login(client, staff.email, ip="198.51.100.20").status_code == 302


def test_limit_opens_again_in_the_next_minute(client, staff):
    with time_machine.travel(NOON, tick=False) as traveller:
        for n in range(4):
            post_login(client, f"nobody{n}@test.example", "wrong-password")
        traveller.shift(dt.timedelta(seconds=60))
        assert post_login(client, staff.email).status_code == 302


@time_machine.travel(NOON, tick=False)
def test_showing_the_form_is_not_counted(client, db):
    for _ in range(5):
        assert client.get(reverse("accounts:login")).status_code == 200
    assert post_login(client, "nobody@test.example", "wrong-password").status_code == 200
