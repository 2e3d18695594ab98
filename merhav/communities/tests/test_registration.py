"""The module is wired into the foundation by its AppConfig alone: its navigation entry (order 140), its
dashboard panel (140), its API in the OpenAPI description, its meetings in the calendar feed and its demo."""

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from merhav.core.modules import nav_entries, panel_entries
from merhav.notify.calendar import feed_for_user

from ..models import Community, KnowledgeProduct, Meeting, WorkTeam
from .factories import MeetingFactory, ProductFactory, WorkTeamFactory


def test_the_navigation_and_the_panel_are_ordered_140():
    assert [e.order for e in nav_entries() if e.key == "communities"] == [140]
    assert [p.order for p in panel_entries() if p.key == "communities"] == [140]


def test_the_panel_shows_the_next_meeting_the_teams_and_new_products(login, place, authority):
    soon = timezone.localdate() + dt.timedelta(days=3)
    MeetingFactory(community=place.community, starts_on=soon, title="המפגש הבא",
                   syllabus_year=place.community.syllabus_year_of(soon))
    team = WorkTeamFactory(community=place.community, name="צוות פודקאסט")
    from django_scopes import scope

    from ..models import TeamMember

    with scope(community=place.community.pk):
        TeamMember.objects.create(community=place.community, team=team, member=place.member_row, role="documenter")
    ProductFactory(community=place.community, status="published", title="מפת חשיבה", published_at=timezone.now())
    response = login(place.member).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    [panel] = [p for p in response.context["panels"] if p["key"] == "communities"]
    assert panel["next_meeting"].title == "המפגש הבא"
    assert [t.name for t in panel["teams"]] == ["צוות פודקאסט"]
    assert [p.title for p in panel["products"]] == ["מפת חשיבה"]


def test_the_api_is_in_the_openapi_description(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/communities/communities/{community_id}/meetings" in paths
    assert "/api/v1/communities/library" in paths


def test_the_meetings_reach_the_members_calendar_feed(place):
    MeetingFactory(community=place.community, starts_on=dt.date(2026, 10, 26), title="חדשנות חינוכית")
    assert "חדשנות חינוכית" in feed_for_user(place.member).decode()


def test_the_demo_loads_once_with_the_seeds_syllabi(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        education = Community.objects.get(name="קהילת מנהלי.ות אגפי חינוך")
        seed_year = list(Meeting.objects.filter(community=education, syllabus_year=2022)
                         .values_list("starts_on", "title"))
        assert len(seed_year) == 10 and seed_year[0] == (dt.date(2022, 9, 14), "הגדרת תחומי ליבה")
        assert Meeting.objects.filter(community__name="קהילת פיתוח כלכלי").count() == 10
        assert WorkTeam.objects.get(name="צוות נייר מדיניות").stage == 6
        assert KnowledgeProduct.objects.filter(status="published").count() == 1
