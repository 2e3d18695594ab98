"""Every list of the module costs a fixed number of queries, whatever its size: measured at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import HouseholdFactory, PersonFactory, ServiceFactory
from .support import Api, client_of, url


def grow(authority, size: int) -> None:
    for _ in range(size):
        household = HouseholdFactory(authority=authority)
        person = PersonFactory(household=household, last_name="כהן")
        PersonFactory(household=household, first_name=person.first_name, last_name="כהן",
                      birth_date=person.birth_date, id_number="", possible_duplicate_of=person)
        ServiceFactory(person=person, kind="welfare_case", section="welfare")


def count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries)


PAGES = [
    ("index", lambda c, a: c.get(url("index", a))),
    ("worklist", lambda c, a: c.get(url("worklist", a))),
    ("duplicates", lambda c, a: c.get(url("duplicates", a))),
    ("search", lambda c, a: c.post(url("search", a), {"query": "כהן"})),
    ("export", lambda c, a: c.get(url("export", a))),
]


@pytest.mark.parametrize(("name", "call"), PAGES, ids=[p[0] for p in PAGES])
def test_the_pages_cost_the_same_at_two_sizes(authority, coordinator, name, call, django_assert_max_num_queries):
    client = client_of(coordinator)
    grow(authority, 2)
    small = count(lambda: call(client, authority))
    grow(authority, 10)
    with django_assert_max_num_queries(small):
        assert call(client, authority).status_code == 200
    assert small <= 30


@pytest.mark.parametrize("path", ["/households", "/services"])
def test_the_api_lists_cost_the_same_at_two_sizes(authority, coordinator, path, django_assert_max_num_queries):
    api = Api(coordinator, authority)
    grow(authority, 2)
    small = count(lambda: api.get(path))
    grow(authority, 10)
    with django_assert_max_num_queries(small):
        assert api.get(path).status_code == 200
