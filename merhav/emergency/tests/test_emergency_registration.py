"""The module is wired into the foundation by its AppConfig alone: its navigation entry, its dashboard
panel, its API in the OpenAPI description and its demo in `manage.py load_demo`."""

import io

from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.tenancy.models import Authority

from ..models import Emergency
from .support import make_emergency, url


def test_the_navigation_and_the_dashboard_show_the_module(login, authority, staff):
    make_emergency(authority, by=staff, title="על לוח הבקרה")
    response = login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    body = response.content.decode()
    assert f'href="{url("index", authority)}"' in body
    [panel] = [p for p in response.context["panels"] if p["key"] == "emergency"]
    assert [e.title for e in panel["recent"]] == ["על לוח הבקרה"]
    assert "על לוח הבקרה" in body


def test_the_api_is_in_the_openapi_description(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/authorities/{authority_slug}/emergency/emergencies" in paths
    assert "/api/v1/authorities/{authority_slug}/emergency/emergencies/{emergency_id}" in paths


def test_the_demo_loads_once(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        city = Authority.objects.get(slug="givat-zamir")
        titles = sorted(Emergency.objects.filter(authority=city).values_list("title", flat=True))
    assert len(titles) == 3 and all(title.startswith("אירוע חירום") for title in titles)
