"""Every list of the API pages the same way (merhav.core.api.pagination.Pages): limit and offset in,
{"items", "limit", "offset", "next_offset"} out; limits and offsets out of bounds are a 422 beside the
field, never a 500."""

import pytest
from django.urls import reverse

from merhav.core.api.input import MAX_OFFSET

from .support import token_api

LISTS = [
    "/authorities/{slug}/memberships",
    "/authorities/{slug}/lessons/events",
    "/authorities/{slug}/lessons/reviews",
    "/authorities/{slug}/lessons/lessons",
    "/authorities/{slug}/lessons/actions",
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", [MAX_OFFSET + 1, 2**63, 2**64, -1])
def test_an_offset_out_of_bounds_is_refused_beside_the_field(path, offset, authority_admin, authority):
    response = token_api(authority_admin).get(path.format(slug=authority.slug), {"offset": offset})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["offset"]


@pytest.mark.parametrize("path", LISTS)
def test_a_far_offset_is_an_empty_last_page(path, authority_admin, authority):
    response = token_api(authority_admin).get(path.format(slug=authority.slug), {"offset": MAX_OFFSET, "limit": 5})
    assert response.status_code == 200
    assert response.json() == {"items": [], "limit": 5, "offset": MAX_OFFSET, "next_offset": None}


def test_the_people_list_keeps_its_default_of_fifty(authority_admin, authority):
    assert token_api(authority_admin).get(f"/authorities/{authority.slug}/memberships").json()["limit"] == 50


def test_the_lessons_lists_default_to_twenty_five(authority_admin, authority):
    assert token_api(authority_admin).get(f"/authorities/{authority.slug}/lessons/events").json()["limit"] == 25


def test_every_list_documents_the_same_page_shape(client, db):
    schema = client.get(reverse("api:openapi-json")).json()
    components = schema["components"]["schemas"]
    for path in LISTS:
        operation = schema["paths"]["/api/v1" + path.replace("{slug}", "{authority_slug}")]["get"]
        page = operation["responses"]["200"]["content"]["application/json"]["schema"]
        page = components[page["$ref"].rsplit("/", 1)[-1]]
        assert list(page["properties"]) == ["items", "limit", "offset", "next_offset"], path
        assert set(page["required"]) == {"items", "limit", "offset", "next_offset"}, path
        assert {"type": "null"} in page["properties"]["next_offset"]["anyOf"], path
        parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert parameters["limit"]["maximum"] == 100, path
        assert parameters["offset"]["minimum"] == 0 and parameters["offset"]["maximum"] < 2**63, path
