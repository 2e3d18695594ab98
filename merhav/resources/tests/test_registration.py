"""The module is wired into the foundation by its AppConfig alone: its navigation entry, its dashboard
panel, its API in the OpenAPI description, its public page and its demo in `manage.py load_demo` (the seed's
Givat Zamir, idempotent)."""

import io

from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from merhav.tenancy.models import Authority

from ..models import GapSnapshot, Need, Partner, PublicLink, Resource, SharedPost


def test_the_api_is_in_the_openapi_description(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("partners", "resources", "needs", "needs/{need_id}/suggestions", "needs/{need_id}/allocations",
                 "situation", "gaps", "network"):
        assert f"/api/v1/authorities/{{authority_slug}}/resources/{path}" in paths, path


def test_the_demo_loads_once_with_the_seeds_examples(db):
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        city = Authority.objects.get(slug="givat-zamir")
        counts = [model.objects.filter(authority=city).count() for model in (Partner, Resource, Need, GapSnapshot)]
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        assert [model.objects.filter(authority=city).count()
                for model in (Partner, Resource, Need, GapSnapshot)] == counts
        assert counts[0] == 12
        kinds = set(Resource.objects.filter(authority=city).values_list("family", flat=True))
        assert kinds == {"human", "relations", "physical"}
        assert Partner.objects.filter(authority=city, name="עמותת לב זמיר").exists()
        assert SharedPost.objects.filter(authority=city).count() == 1
        link = PublicLink.objects.get(authority=city, revoked_at__isnull=True)
    assert Client().get(f"/p/needs/{link.token}/").status_code == 200
