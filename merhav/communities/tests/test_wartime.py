"""Wartime: a round of calls gives every member a check, the lists split among the leading core; each
call's outcome is recorded."""

from django_scopes import scope

from ..models import CommunityMember, StatusCheck
from .factories import MemberFactory
from .support import client_of, rows, url


def test_a_round_of_calls_splits_the_members_among_the_leading_core(place):
    core = MemberFactory(community=place.community, role=CommunityMember.Role.LEADING_CORE)
    for _ in range(4):
        MemberFactory(community=place.community)
    response = client_of(place.leader).post(url("wartime", community_id=place.community.pk), {"start": "1"})
    assert response.status_code == 302
    checks = rows(StatusCheck, place.community)
    assert len(checks) == 7
    assert {c.caller_id for c in checks} == {place.leader_member.pk, core.pk}
    assert core.user.notifications.filter(kind="communities.wartime").count() == 1
    place.community.refresh_from_db()
    assert place.community.wartime is True


def test_a_caller_records_the_outcome_and_a_core_member_may_not_start_a_round(place):
    core = MemberFactory(community=place.community, role=CommunityMember.Role.LEADING_CORE)
    client_of(place.leader).post(url("wartime", community_id=place.community.pk), {"start": "1"})
    with scope(community=place.community.pk):
        check = StatusCheck.objects.get(member=place.member_row)
    caller = client_of(core.user)
    caller.post(url("wartime", community_id=place.community.pk),
                {"check": check.pk, "outcome": "needs_help", "note": "מפונה עם המשפחה"})
    with scope(community=place.community.pk):
        check.refresh_from_db()
    assert (check.outcome, check.note) == ("needs_help", "מפונה עם המשפחה")
    assert caller.post(url("wartime", community_id=place.community.pk), {"start": "1"}).status_code == 403
    assert client_of(place.member).get(url("wartime", community_id=place.community.pk)).status_code == 403
