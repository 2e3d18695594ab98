"""A community spans authorities and has its own memberships: a member of two authorities sees it from
either; a user of neither the community nor its programme sees nothing, page or API."""

from django.urls import reverse

from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import member_of

from ..models import CommunityMember
from .factories import CallFactory, CommunityFactory, MeetingFactory, MemberFactory, ProductFactory, WorkTeamFactory
from .support import url


def community_urls(community) -> list[str]:
    meeting = MeetingFactory(community=community)
    call = CallFactory(community=community)
    team = WorkTeamFactory(community=community)
    product = ProductFactory(community=community, status="published")
    pk = community.pk
    return [
        url("detail", community_id=pk), url("edit", community_id=pk), url("members", community_id=pk),
        url("member_add", community_id=pk),
        url("call_create", community_id=pk), url("call", community_id=pk, call_id=call.pk),
        url("topics", community_id=pk), url("syllabus", community_id=pk), url("syllabus_xlsx", community_id=pk),
        url("syllabus_ics", community_id=pk), url("meetings", community_id=pk), url("meeting_create", community_id=pk),
        url("meeting", community_id=pk, community_meeting_id=meeting.pk), url("meeting_edit", community_id=pk, community_meeting_id=meeting.pk),
        url("survey", community_id=pk, community_meeting_id=meeting.pk), url("teams", community_id=pk),
        url("team_create", community_id=pk), url("team", community_id=pk, team_id=team.pk),
        url("product_create", community_id=pk), url("product", community_id=pk, product_id=product.pk),
        url("wartime", community_id=pk),
    ]


def test_a_member_of_two_authorities_sees_the_community_from_both(login, place, authority, other_authority):
    client = login(place.member)
    assert client.get(url("detail", community_id=place.community.pk)).status_code == 200
    for where in (authority, other_authority):
        page = client.get(reverse("communities_here:index", kwargs={"authority_slug": where.slug}))
        assert page.status_code == 200
        assert place.community.name in page.content.decode()
        dashboard = client.get(reverse("tenancy:dashboard", kwargs={"authority_slug": where.slug}))
        assert [p["key"] for p in dashboard.context["panels"] if p["key"] == "communities"] == ["communities"]


def test_a_user_of_neither_community_nor_programme_sees_nothing(login, place, outsider):
    paths = community_urls(place.community)
    for user in (place.stranger, outsider):
        client = login(user)
        for path in paths:
            assert client.get(path).status_code == 404, (user, path)
            assert client.post(path, {"title": "x"}).status_code == 404, (user, path)
        index = client.get(url("index")).content.decode()
        assert place.community.name not in index
        library = client.get(url("library"))
        assert list(library.context["rows"]) == []
        api = client.get(f"/api/v1/communities/communities/{place.community.pk}")
        assert api.status_code == 404
        assert client.get("/api/v1/communities/communities").json()["items"] == []


def test_the_navigation_entry_costs_no_query_and_leads_to_ones_own_communities(login, place, authority):
    dashboard = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    entry = reverse("communities_here:index", kwargs={"authority_slug": authority.slug})
    assert f'href="{entry}"' in login(place.leader).get(dashboard).content.decode()
    page = login(place.stranger).get(entry)
    assert page.status_code == 200 and place.community.name not in page.content.decode()
    panels = login(place.stranger).get(dashboard).context["panels"]
    assert "communities" not in [p["key"] for p in panels]  # the panel is for those who take part


def test_the_programme_team_sees_every_community_of_the_programme(login, place):
    second = CommunityFactory(programme=place.programme, name="קהילת גזברים")
    client = login(place.manager)
    assert client.get(url("detail", community_id=second.pk)).status_code == 200
    assert client.get(url("programme", programme_id=place.programme.pk)).status_code == 200


def test_a_member_of_one_community_does_not_see_another_of_the_programme(login, place):
    second = CommunityFactory(programme=place.programme, name="קהילת גזברים")
    client = login(place.member)
    assert client.get(url("detail", community_id=second.pk)).status_code == 404
    assert client.get(url("programme", programme_id=place.programme.pk)).status_code == 404


def test_a_member_who_left_sees_nothing(login, place):
    CommunityMember.objects.filter(pk=place.member_row.pk).update(is_active=False)
    assert login(place.member).get(url("detail", community_id=place.community.pk)).status_code == 404


def test_a_core_member_reads_but_may_not_lead(login, place):
    client = login(place.member)
    assert client.get(url("syllabus", community_id=place.community.pk)).status_code == 200
    assert client.get(url("meeting_create", community_id=place.community.pk)).status_code == 403
    assert client.post(url("call_create", community_id=place.community.pk), {"title": "x"}).status_code == 403


def test_the_library_finds_products_of_every_community_of_the_programme(login, place):
    other = CommunityFactory(programme=place.programme, name="קהילה שכנה")
    ProductFactory(community=other, status="published", title="מחוון לפרויקט", published_at="2026-01-01T10:00Z")
    ProductFactory(community=other, status="draft", title="טיוטה שלא פורסמה")
    elsewhere = ProductFactory(status="published", title="תוצר של תוכנית אחרת", published_at="2026-01-01T10:00Z")
    MemberFactory(community=elsewhere.community)
    titles = [p.title for p in login(place.member).get(url("library") + "?q=מחוון").context["rows"]]
    assert titles == ["מחוון לפרויקט"]
    everything = [p.title for p in login(place.member).get(url("library")).context["rows"]]
    assert "טיוטה שלא פורסמה" not in everything and "תוצר של תוכנית אחרת" not in everything
    outsider_of_programme = member_of(place.member_row.authority, Role.STAFF)
    assert list(login(outsider_of_programme).get(url("library")).context["rows"]) == []
