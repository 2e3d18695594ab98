"""The API answers 429 once a user (token and session together) or an address (unknown tokens) is over
the limit of the window."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from .support import Api, session_api, token_api

NOON = dt.datetime(2026, 3, 1, 12, 0, 5, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "api": (3, 60)}


@time_machine.travel(NOON, tick=False)
def test_the_fourth_call_in_a_minute_is_429(staff):
    api = token_api(staff)
    assert [api.get("/me").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_next_minute_is_allowed_again(staff):
    api = token_api(staff)
    with time_machine.travel(NOON, tick=False) as clock:
        for _ in range(4):
            api.get("/me")
        clock.shift(dt.timedelta(seconds=60))
        assert api.get("/me").status_code == 200


@time_machine.travel(NOON, tick=False)
def test_token_and_session_share_the_users_budget(staff):
    by_token, by_session = token_api(staff), session_api(staff)
    assert [by_token.get("/me").status_code, by_session.get("/me").status_code, by_token.get("/me").status_code] == [
        200, 200, 200]
    assert by_session.get("/me").status_code == 429


@time_machine.travel(NOON, tick=False)
def test_other_users_are_not_affected(staff, ceo):
    api = token_api(staff)
    for _ in range(4):
        api.get("/me")
    assert token_api(ceo).get("/me").status_code == 200


@time_machine.travel(NOON, tick=False)
def test_guessing_tokens_is_limited_per_address(db):
    statuses = [Api(Client(), {"Authorization": f"Bearer mrv_guess{n}"}).get("/me").status_code
                for n in range(4)]
    assert statuses == [401, 401, 401, 429]
