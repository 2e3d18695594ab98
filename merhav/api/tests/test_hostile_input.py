"""Input that broke the API with a 500 answers a clear 422 naming the field, on SQLite and PostgreSQL:
a NUL character (PostgreSQL cannot store it) in the body or the query, and an offset past 2^63."""

import pytest

from merhav.lessons.tests.api_support import token_api as lessons_api

from .support import token_api


@pytest.mark.parametrize("path", ["lessons/actions", "lessons/events", "lessons/reviews", "lessons/lessons",
                                  "memberships"])
def test_an_offset_past_a_64_bit_integer_is_refused(staff, authority, path):
    response = token_api(staff).get(f"/authorities/{authority.slug}/{path}", {"offset": 2**63})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["offset"]


def test_a_nul_in_a_query_parameter_is_refused(staff, authority):
    response = lessons_api(staff, authority).get("events", {"text": "drill\x00"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["text"]


def test_a_nul_in_the_body_is_refused_and_nothing_is_stored(ceo, authority):
    api = lessons_api(ceo, authority)
    response = api.post("events", {"title": "Flood\x00 in the north", "kind": "other", "starts_on": "2026-01-05"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["title"]
    assert api.get("events").json()["items"] == []


def test_a_nul_deep_in_a_list_is_refused(ceo, authority):
    from merhav.lessons.tests.factories import ReviewFactory

    review = ReviewFactory(authority=authority, created_by=ceo)
    response = lessons_api(ceo, authority).post(f"reviews/{review.pk}/lessons", {"text": "Keep", "tags": ["a", "b\x00"]})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["tags.1"]
