"""The benchmarks' data generator knows every kind of event the app has (a new kind once broke bench/load.py
and bench/lessons_bench.py on a fresh clone, and no test noticed)."""

from bench.lessons_data import EVENT_TITLES
from merhav.lessons.models import EventKind


def test_every_event_kind_has_bench_titles():
    assert set(EventKind.values) <= set(EVENT_TITLES)
