"""The discussion board, a discussion and the library cost the same number of queries at two sizes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import ProductFactory
from .network_factories import NetworkMemberFactory, PostFactory, ThreadFactory, WaveFactory
from .support import client_of, url


def grow(place, n: int):
    wave = WaveFactory(community=place.community, number=1)
    NetworkMemberFactory(wave=wave, member=place.member_row)
    thread = ThreadFactory(community=place.community, title="דיון מרכזי")
    for _ in range(n):
        NetworkMemberFactory(wave=wave)
        ThreadFactory(community=place.community)
        PostFactory(thread=thread)
        ProductFactory(community=place.community, status="published",
                       published_at=dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC))
    return thread


PAGES = {
    "board": lambda place, thread: url("network_board", community_id=place.community.pk),
    "thread": lambda place, thread: url("network_thread", community_id=place.community.pk,
                                        network_thread_id=thread.pk),
    "library": lambda place, thread: url("library"),
    "network": lambda place, thread: url("network", community_id=place.community.pk),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_page_costs_the_same_at_two_sizes(place, page, django_assert_max_num_queries):
    client = client_of(place.member)
    counts = []
    thread = None
    for n in (2, 30):
        thread = grow(place, n) if thread is None else _more(place, thread, n)
        path = PAGES[page](place, thread)
        client.get(path)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(16):
        client.get(PAGES[page](place, thread))


def _more(place, thread, n):
    from django_scopes import scope

    from ..models import NetworkWave

    with scope(community=place.community.pk):
        wave = NetworkWave.objects.get(community=place.community)
    for _ in range(n):
        NetworkMemberFactory(wave=wave)
        ThreadFactory(community=place.community)
        PostFactory(thread=thread)
        ProductFactory(community=place.community, status="published",
                       published_at=dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC))
    return thread
