"""Work teams of 5–8 through the six stages to a knowledge product, reviewed against the seed's criteria
and published to the library, where the members of another community of the programme find it."""

from django_scopes import scope

from ..models import KnowledgeProduct, TeamMember, WorkTeam
from .factories import CommunityFactory, MemberFactory, WorkTeamFactory
from .support import client_of, rows, url

ROLES = ["facilitator", "documenter", "timekeeper", "scheduler", "member", "member", "member", "member", "member"]


def team_form(members, **extra) -> dict:
    data = {"name": "צוות נייר מדיניות", "topic": "חינוך בחירום", "budget": "8000", "finish_line": "15.07.2027", **extra}
    data.update({f"member_{m.pk}": ROLES[i] for i, m in enumerate(members)})
    return data


def test_a_team_outside_five_to_eight_is_refused_with_a_clear_message(login, place):
    others = [MemberFactory(community=place.community) for _ in range(8)]
    client = login(place.leader)
    for chosen in (others[:4], [place.member_row, *others]):
        response = client.post(url("team_create", community_id=place.community.pk), team_form(chosen))
        assert response.status_code == 400
        [message] = response.context["form"].non_field_errors()
        assert "5" in message and "8" in message
    assert rows(WorkTeam, place.community) == []


def test_a_team_moves_through_the_six_stages_and_publishes_a_product_others_find(login, place):
    others = [MemberFactory(community=place.community) for _ in range(5)]
    leader = client_of(place.leader)
    response = leader.post(url("team_create", community_id=place.community.pk), team_form([place.member_row, *others]))
    [team] = rows(WorkTeam, place.community)
    assert response["Location"] == url("team", community_id=place.community.pk, team_id=team.pk)
    assert {tm.role for tm in rows(TeamMember, place.community)} >= {"facilitator", "documenter", "timekeeper", "scheduler"}
    assert place.member.notifications.filter(kind="communities.team").count() == 1

    member = client_of(place.member)  # a member of the team moves it on
    for expected in range(2, 7):
        with scope(community=place.community.pk):
            version = WorkTeam.objects.get(pk=team.pk).version
        member.post(url("team", community_id=place.community.pk, team_id=team.pk), {"version": version})
        with scope(community=place.community.pk):
            assert WorkTeam.objects.get(pk=team.pk).stage == expected
    with scope(community=place.community.pk):
        finished = WorkTeam.objects.get(pk=team.pk)
    assert finished.finished_at is not None
    assert member.post(url("team", community_id=place.community.pk, team_id=team.pk),
                       {"version": finished.version}).status_code == 302  # the sixth is the last: a message, no change

    response = member.post(url("product_create", community_id=place.community.pk), {
        "team": team.pk, "kind": "policy", "title": "נייר מדיניות: רצף חינוכי בחירום", "summary": "המלצות",
        "link": "https://example.org/paper"})
    [product] = rows(KnowledgeProduct, place.community)
    assert (product.team_id, product.status, product.created_by) == (team.pk, "draft", place.member)

    review = url("product", community_id=place.community.pk, product_id=product.pk)
    partial = leader.post(review, {"version": product.version, "voice": "on", "useful": "on", "publish": "1"})
    assert partial.status_code == 400
    with scope(community=place.community.pk):
        product.refresh_from_db()
    assert product.status == "draft"
    leader.post(review, {"version": product.version, "voice": "on", "useful": "on", "whole": "on", "pride": "on",
                         "from_field": "on", "publish": "1"})
    with scope(community=place.community.pk):
        product.refresh_from_db()
    assert product.status == "published" and product.published_at is not None
    assert place.member.notifications.filter(kind="communities.product").count() == 1

    neighbour = CommunityFactory(programme=place.programme, name="קהילה שכנה")
    reader = MemberFactory(community=neighbour)
    found = login(reader.user).get(url("library") + "?q=רצף&kind=policy")
    assert [p.title for p in found.context["rows"]] == ["נייר מדיניות: רצף חינוכי בחירום"]
    assert 'href="https://example.org/paper"' in found.content.decode()  # the product itself opens from there
    assert login(reader.user).get(review).status_code == 404  # the community's own pages stay its own


def test_a_member_outside_the_team_may_not_move_it(login, place):
    team = WorkTeamFactory(community=place.community)
    response = login(place.member).post(url("team", community_id=place.community.pk, team_id=team.pk), {"version": 1})
    assert response.status_code == 403
