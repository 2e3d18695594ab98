"""The module is wired into the foundation by its AppConfig alone: its navigation entry, its dashboard
panel, its API in the OpenAPI description and its demo in `manage.py load_demo`."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from merhav.tenancy.models import Authority

from ..models import Plan
from .factories import PlanActionFactory
from .support import make_plan, url


def test_the_navigation_and_the_dashboard_show_the_module(login, authority, staff):
    plan = make_plan(authority, by=staff, title="על לוח הבקרה", start_date=timezone.localdate() + timedelta(days=3))
    late = PlanActionFactory(plan=plan, title="פעולה מאחרת", start=timezone.localdate() - timedelta(days=30),
                             end=timezone.localdate() - timedelta(days=1))
    response = login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    body = response.content.decode()
    assert f'href="{url("index", authority)}"' in body
    [panel] = [p for p in response.context["panels"] if p["key"] == "strategy"]
    assert {m.plan_id for m in panel["upcoming"]} == {plan.pk}
    assert (panel["late_count"], [a.pk for a in panel["late"]]) == (1, [late.pk])
    assert "פעולה מאחרת" in body


def test_the_module_comes_after_lessons_in_the_navigation():
    from merhav.core.modules import nav_entries, panel_entries

    assert [e.order for e in nav_entries() if e.key == "strategy"] == [150]
    assert [p.order for p in panel_entries() if p.key == "strategy"] == [150]


def test_the_api_is_in_the_openapi_description(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/authorities/{authority_slug}/strategy/plans" in paths
    assert "/api/v1/authorities/{authority_slug}/strategy/plans/{plan_id}" in paths


def test_the_demo_loads_once(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        city = Authority.objects.get(slug="givat-zamir")
        titles = sorted(Plan.objects.filter(authority=city).values_list("title", flat=True))
        plan = Plan.objects.get(authority=city)
        assert plan.status == Plan.Status.APPROVED and plan.published_version == 1
        assert plan.channels.count() == 4 and plan.logic_nodes.count() >= 6 and plan.actions.count() >= 5
    assert len(titles) == 1 and titles[0].startswith("קהילה מיטיבה")
