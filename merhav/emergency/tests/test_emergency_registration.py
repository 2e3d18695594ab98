"""The module is wired into the foundation by its AppConfig alone: its navigation entry and dashboard
panel (order 110), its banner, its API in the OpenAPI description and its demo in `manage.py load_demo`."""

import io

from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.core.modules import banner_entries, nav_entries, panel_entries
from merhav.lessons.models import Event
from merhav.tenancy.models import Authority

from ..models import ChecklistQuestion, ChecklistRun, Emergency, IssuedMessage, SealedMessage
from .support import declare, url


def test_the_navigation_and_the_dashboard_show_the_module_at_110(login, authority, ceo):
    declare(authority, by=ceo, title="על לוח הבקרה")
    assert [e.order for e in nav_entries() if e.key == "emergency"] == [110]
    assert [p.order for p in panel_entries() if p.key == "emergency"] == [110]
    assert [b.key for b in banner_entries()] == ["emergency"]
    response = login(ceo).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    body = response.content.decode()
    assert f'href="{url("index", authority)}"' in body
    [panel] = [p for p in response.context["panels"] if p["key"] == "emergency"]
    assert [e.title for e in panel["active"]] == ["על לוח הבקרה"]


def test_the_api_is_in_the_openapi_description(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("emergencies", "emergencies/{emergency_id}", "issued", "issued/{issued_message_id}", "messages",
                 "readiness"):
        assert f"/api/v1/authorities/{{authority_slug}}/emergency/{path}" in paths


def test_the_demo_loads_once_with_the_seeds_example(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        city = Authority.objects.get(slug="givat-zamir")
        assert SealedMessage.objects.filter(authority=city).count() == 11
        assert SealedMessage.objects.filter(authority=city, status="draft").count() == 1
        [drill] = Emergency.objects.filter(authority=city)
        assert "עין אור" in drill.title and not drill.is_active
        assert Event.objects.filter(authority=city, source_ref=f"emergency:{drill.pk}").exists()
        [issued] = IssuedMessage.objects.filter(authority=city)
        assert "עין אור" in issued.text and "{" not in issued.text
        assert ChecklistQuestion.objects.filter(authority=city).count() == 41
        assert ChecklistRun.objects.filter(authority=city).count() == 1
