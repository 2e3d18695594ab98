"""The situation picture (SVG charts with tables of the same numbers) and the dashboard panel."""

import datetime

from django.urls import reverse

from merhav.core.context import acting_as

from .. import services
from .support import make_need, make_resource, url


def test_the_situation_picture_shows_coverage_gaps_and_stale_resources(login, authority, staff):
    with acting_as(staff, authority=authority):
        place = services.create_neighbourhood(authority=authority, name="נווה גבעה")
    make_need(authority, by=staff, quantity=50, neighbourhood=place)
    make_resource(authority, by=staff, name="משאב ישן", verified_on=datetime.date(2020, 1, 1))
    page = login(staff).get(url("index", authority))
    body = page.content.decode()
    picture = page.context["picture"]
    assert [(c.label, c.needed, c.covered) for c in picture.by_neighbourhood] == [("נווה גבעה", 50, 0)]
    assert picture.stale_count == 1 and "משאב ישן" in body
    assert body.count("<svg") == 2 and 'role="img"' in body


def test_the_dashboard_panel_counts_open_needs(login, authority, staff):
    make_need(authority, by=staff, quantity=5, urgency=1)
    response = login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    [panel] = [p for p in response.context["panels"] if p["key"] == "resources"]
    assert (panel["needs"]["open"], panel["needs"]["critical"]) == (1, 1)
    assert f'href="{url("index", authority)}"' in response.content.decode()
