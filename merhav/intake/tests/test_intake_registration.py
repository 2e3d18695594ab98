"""The module is wired into the foundation by its AppConfig alone: its navigation entry (order 130), its
dashboard panel (counts, no names), its API in the OpenAPI description and its demo in `manage.py load_demo`."""

import io

from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.core.modules import nav_entries, panel_entries
from merhav.tenancy.models import Authority

from ..models import Answer, Household, LongTermService, Person
from .support import client_of, take_in, url


def test_the_navigation_and_the_panel_are_ordered_130():
    assert [e.order for e in nav_entries() if e.key == "intake"] == [130]
    assert [p.order for p in panel_entries() if p.key == "intake"] == [130]


def test_the_navigation_and_the_dashboard_show_the_module(authority, coordinator, ceo):
    person = take_in(authority, by=coordinator)
    response = client_of(ceo).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    body = response.content.decode()
    assert f'href="{url("index", authority)}"' in body
    [panel] = [p for p in response.context["panels"] if p["key"] == "intake"]
    assert (panel["people"], panel["households"]) == (1, 1)
    assert person.first_name not in body and person.id_number not in body


def test_the_ceo_sees_the_counts_and_no_household(authority, coordinator, ceo):
    person = take_in(authority, by=coordinator)
    body = client_of(ceo).get(url("index", authority)).content.decode()
    assert url("household", authority, household_id=person.household_id) not in body
    assert client_of(ceo).get(url("person", authority, person_id=person.pk)).status_code == 403


def test_the_api_is_in_the_openapi_description(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("households", "households/{household_id}", "persons/{person_id}",
                 "persons/{person_id}/sections/{section}", "search", "services"):
        assert f"/api/v1/authorities/{{authority_slug}}/intake/{path}" in paths


def test_the_demo_loads_once(db):
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        city = Authority.objects.get(slug="givat-zamir")
        counts = [M.objects.filter(authority=city).count() for M in (Household, Person, Answer, LongTermService)]
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        assert [M.objects.filter(authority=city).count() for M in (Household, Person, Answer, LongTermService)] == counts
        assert counts[0] == 3 and counts[1] == 8
        assert Person.objects.filter(authority=city, possible_duplicate_of__isnull=False).count() == 1
