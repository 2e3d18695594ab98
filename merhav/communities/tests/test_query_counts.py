"""Every list costs the same number of queries at any size (two sizes each)."""

import datetime as dt

import pytest
from django_scopes import scope

from merhav.accounts.tests.factories import UserFactory

from ..models import Attendance, CommunityMember, SatisfactionResponse
from .factories import (
    ApplicationFactory,
    CallFactory,
    CommunityFactory,
    MeetingFactory,
    MemberFactory,
    ProductFactory,
    WorkTeamFactory,
)
from .support import client_of, url


def grow(place, authority, n: int) -> dict:
    call = CallFactory(community=place.community)
    for i in range(n):
        member = MemberFactory(community=place.community, authority=authority)
        meeting = MeetingFactory(community=place.community, starts_on=dt.date(2026, 9, 1) + dt.timedelta(days=i * 7),
                                 syllabus_year=2026)
        ApplicationFactory(call=call, authority=authority)
        WorkTeamFactory(community=place.community)
        ProductFactory(community=place.community, status="published", published_at="2026-01-01T10:00Z")
        with scope(community=place.community.pk):
            Attendance.objects.create(community=place.community, meeting=meeting, member=member)
            SatisfactionResponse.objects.create(community=place.community, meeting=meeting, member=member, overall=4,
                                                content=5)
        CommunityFactory(programme=place.programme)
    return {"call": call}


LISTS = {
    "index": (lambda place, extra: url("index")),
    "library": (lambda place, extra: url("library")),
    "members": (lambda place, extra: url("members", community_id=place.community.pk)),
    "call": (lambda place, extra: url("call", community_id=place.community.pk, call_id=extra["call"].pk)),
    "syllabus": (lambda place, extra: url("syllabus", community_id=place.community.pk) + "?year=2026"),
    "meetings": (lambda place, extra: url("meetings", community_id=place.community.pk) + "?year=2026"),
    "teams": (lambda place, extra: url("teams", community_id=place.community.pk)),
    "detail": (lambda place, extra: url("detail", community_id=place.community.pk)),
    "programme": (lambda place, extra: url("programme", programme_id=place.programme.pk)),
}
LIMITS = {"index": 13, "library": 12, "members": 14, "call": 16, "syllabus": 14, "meetings": 14, "teams": 12,
          "detail": 14, "programme": 14}


@pytest.mark.parametrize("count", [2, 30])
@pytest.mark.parametrize("page", sorted(LISTS))
def test_each_list_costs_the_same_at_any_size(place, authority, count, page, django_assert_max_num_queries):
    extra = grow(place, authority, count)
    client = client_of(place.manager)
    CommunityMember.objects.create(community=place.community, user=place.manager, role="leader")
    path = LISTS[page](place, extra)
    client.get(path)  # warm the session
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(path)
    assert response.status_code == 200


def test_the_wartime_list_costs_the_same_at_any_size(place, authority, django_assert_max_num_queries):
    client = client_of(place.leader)
    counts = []
    for n in (2, 30):
        for _ in range(n):
            MemberFactory(community=place.community, user=UserFactory())
        client.post(url("wartime", community_id=place.community.pk), {"start": "1"})
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(url("wartime", community_id=place.community.pk))
        counts.append(len(queries))
    assert counts[0] == counts[1]
