"""The fixed-window rate limit: counted per scope and client, in the database, reset each window."""

import datetime as dt

import time_machine

from merhav.core.models import RateCounter
from merhav.core.ratelimit import allow, purge_expired_counters

NOON = dt.datetime(2026, 3, 1, 12, 0, 5, tzinfo=dt.UTC)


@time_machine.travel(NOON, tick=False)
def test_allows_up_to_the_limit_in_a_window(db, settings):
    settings.MERHAV_RATE_LIMITS = {"login": (3, 60)}
    assert [allow("login", "203.0.113.1") for _ in range(5)] == [True, True, True, False, False]


@time_machine.travel(NOON, tick=False)
def test_clients_and_scopes_are_counted_apart(db, settings):
    settings.MERHAV_RATE_LIMITS = {"login": (1, 60), "api": (1, 60)}
    assert allow("login", "a") and allow("login", "b") and allow("api", "a")
    assert not allow("login", "a")


def test_a_new_window_starts_afresh(db, settings):
    settings.MERHAV_RATE_LIMITS = {"login": (1, 60)}
    with time_machine.travel(NOON, tick=False) as clock:
        assert allow("login", "a")
        assert not allow("login", "a")
        clock.shift(dt.timedelta(seconds=60))
        assert allow("login", "a")


@time_machine.travel(NOON, tick=False)
def test_two_queries_per_counted_request(db, settings, django_assert_max_num_queries):
    settings.MERHAV_RATE_LIMITS = {"api": (100, 60)}
    allow("api", "user:1")
    with django_assert_max_num_queries(2):
        allow("api", "user:1")


def test_ended_windows_are_cleaned_up(db, settings):
    settings.MERHAV_RATE_LIMITS = {"login": (5, 60)}
    with time_machine.travel(NOON, tick=False) as clock:
        allow("login", "a")
        clock.shift(dt.timedelta(seconds=30))
        assert purge_expired_counters() == 0
        allow("login", "b")
        clock.shift(dt.timedelta(seconds=60))
        assert purge_expired_counters() == 2
    assert not RateCounter.objects.exists()


@time_machine.travel(NOON, tick=False)
def test_a_process_adds_its_requests_in_batches(db, settings, django_assert_num_queries):
    settings.MERHAV_RATE_LIMITS = {"api": (100, 60)}  # a batch of 5
    with django_assert_num_queries(0):
        for _ in range(4):
            assert allow("api", "user:1")
    with django_assert_num_queries(1):  # one upsert that returns the total
        assert allow("api", "user:1")
    assert RateCounter.objects.get().count == 5


@time_machine.travel(NOON, tick=False)
def test_the_other_processes_counts_are_seen_at_each_batch(db, settings):
    settings.MERHAV_RATE_LIMITS = {"api": (100, 60)}
    for _ in range(5):
        allow("api", "user:1")
    RateCounter.objects.update(count=98)  # another web process counted 93 meanwhile
    assert all(allow("api", "user:1") for _ in range(4))  # counted here, not yet added
    assert not allow("api", "user:1")  # the batch is added: 103 > 100
    assert not allow("api", "user:1")  # and this process now knows it
