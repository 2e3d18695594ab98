"""The API: the caller's communities, one community, its members and meetings, setting a meeting, the
library; a community the caller does not see is a 404, a refused write a 403."""

import datetime as dt

import pytest

from conftest import confirmed_device
from merhav.accounts.services import create_api_token
from merhav.audit.models import AuditEntry

from ..models import Meeting
from .factories import MeetingFactory, ProductFactory
from .support import rows

BASE = "/api/v1/communities/communities"


@pytest.fixture
def bearer():
    def make(user) -> dict:
        confirmed_device(user)  # a role that needs two-factor is refused a token without it
        _token, raw = create_api_token(user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def test_the_caller_lists_their_communities_and_reads_one(client, place, bearer):
    headers = bearer(place.member)
    items = client.get(BASE, **headers).json()["items"]
    assert [c["name"] for c in items] == [place.community.name]
    one = client.get(f"{BASE}/{place.community.pk}", **headers).json()
    assert (one["id"], one["programme"]) == (place.community.pk, place.programme.name)


def test_members_are_listed_and_the_read_is_audited(client, place, bearer):
    names = {m["full_name"] for m in client.get(f"{BASE}/{place.community.pk}/members", **bearer(place.leader)).json()["items"]}
    assert names == {place.leader.full_name, place.member.full_name}
    assert AuditEntry.objects.filter(action="view_personal", user=place.leader).count() == 1


def test_the_leader_sets_a_meeting_and_a_member_may_not(client, place, bearer):
    body = {"title": "כוח אדם", "starts_on": "2027-03-22", "online": True}
    response = client.post(f"{BASE}/{place.community.pk}/meetings", body, content_type="application/json",
                           **bearer(place.leader))
    assert response.status_code == 201 and response.json()["syllabus_year"] == 2026
    refused = client.post(f"{BASE}/{place.community.pk}/meetings", body, content_type="application/json",
                          **bearer(place.member))
    assert refused.status_code == 403
    assert len(rows(Meeting, place.community)) == 1
    listed = client.get(f"{BASE}/{place.community.pk}/meetings", **bearer(place.member)).json()["items"]
    assert [m["title"] for m in listed] == ["כוח אדם"]


def test_a_meeting_with_its_last_day_before_the_first_is_422(client, place, bearer):
    body = {"title": "סמינר", "starts_on": "2027-02-23", "ends_on": "2027-02-22", "kind": "seminar"}
    response = client.post(f"{BASE}/{place.community.pk}/meetings", body, content_type="application/json",
                           **bearer(place.leader))
    assert response.status_code == 422 and "ends_on" in response.json()["errors"]


def test_an_outsider_gets_404(client, place, outsider, bearer):
    MeetingFactory(community=place.community, starts_on=dt.date(2026, 10, 1))
    headers = bearer(outsider)
    for path in (f"{BASE}/{place.community.pk}", f"{BASE}/{place.community.pk}/members",
                 f"{BASE}/{place.community.pk}/meetings"):
        assert client.get(path, **headers).status_code == 404, path


def test_the_library_searches_published_products(client, place, bearer):
    ProductFactory(community=place.community, status="published", title="פודקאסט שותפויות",
                   published_at="2026-05-01T10:00Z")
    ProductFactory(community=place.community, status="draft", title="פודקאסט טיוטה")
    items = client.get("/api/v1/communities/library?q=פודקאסט", **bearer(place.member)).json()["items"]
    assert [p["title"] for p in items] == ["פודקאסט שותפויות"]
