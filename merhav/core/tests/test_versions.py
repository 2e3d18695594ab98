"""Per-authority data versions: bumped in the writer's transaction, read with one query, and what is derived
from the data kept in the process's memory until the next bump."""

import pytest
from django.db import transaction

from merhav.core import versions


def test_a_bump_counts_one_change_of_one_authoritys_part(db):
    assert versions.current(7, "drills") == 0
    versions.bump(7, "drills")
    versions.bump(7, "drills")
    versions.bump(7, "other")
    versions.bump(8, "drills")
    assert [versions.current(7, "drills"), versions.current(7, "other"), versions.current(8, "drills")] == [2, 1, 1]


def test_a_bump_in_a_transaction_that_rolls_back_is_not_seen(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        versions.bump(7, "drills")
        raise RuntimeError
    assert versions.current(7, "drills") == 0


def test_cached_computes_once_per_version(db, django_assert_num_queries):
    computed = []

    def compute():
        computed.append(1)
        return {"open": len(computed)}

    assert versions.cached(7, "drills", "counts", compute) == {"open": 1}
    with django_assert_num_queries(1):  # the version row only
        assert versions.cached(7, "drills", "counts", compute) == {"open": 1}
    versions.bump(7, "drills")
    assert versions.cached(7, "drills", "counts", compute) == {"open": 2}
    assert versions.cached(8, "drills", "counts", compute) == {"open": 3}  # another authority: its own
    assert versions.cached(7, "drills", "other-filter", compute) == {"open": 4}  # another key: its own
