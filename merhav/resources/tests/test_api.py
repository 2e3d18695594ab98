"""The resources API: partners, resources, needs (limit/offset, create, read, update with a version),
suggestions and allocations (capacity never exceeded: 422), the situation picture and the gap document; the
auditor is refused (403, audited), an outsider gets 404."""

import json

import pytest
from django.test import Client

from conftest import confirmed_device
from merhav.accounts.models import ApiToken
from merhav.audit.models import AuditEntry

from ..models import Partner
from ..validators import with_check_digit
from .support import make_need, make_partner, make_resource, stored


class Api:
    def __init__(self, user, authority):
        confirmed_device(user)
        _token, raw = ApiToken.issue(user=user, name="tests")
        self.client, self.headers = Client(), {"Authorization": f"Bearer {raw}"}
        self.base = f"/api/v1/authorities/{authority.slug}/resources"

    def get(self, path: str, params: dict | None = None):
        return self.client.get(self.base + path, params or {}, headers=self.headers)

    def send(self, method: str, path: str, body: dict):
        return self.client.generic(method, self.base + path, json.dumps(body), content_type="application/json",
                                   headers=self.headers)


def test_a_partner_is_created_read_and_listed(authority, staff):
    api = Api(staff, authority)
    number = with_check_digit("58099999")
    created = api.send("POST", "/partners", {"name": "מה-API", "kind": "amuta", "registration_number": number})
    assert created.status_code == 201
    assert api.get(f"/partners/{created.json()['id']}").json()["registration_number"] == number
    assert [p["name"] for p in api.get("/partners", {"limit": 5}).json()["items"]] == ["מה-API"]


def test_a_malformed_registration_number_is_a_422_on_the_field(authority, staff):
    response = Api(staff, authority).send("POST", "/partners", {"name": "x", "kind": "amuta",
                                                                "registration_number": "580000001"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["registration_number"]
    assert stored(Partner, authority) == []


def test_a_stale_partner_version_is_a_409(authority, staff, ceo):
    partner = make_partner(authority, by=staff, name="המקור")
    Api(ceo, authority).send("PATCH", f"/partners/{partner.pk}", {"version": 1, "name": "של המנכ״ל"})
    response = Api(staff, authority).send("PATCH", f"/partners/{partner.pk}", {"version": 1, "name": "שלי"})
    assert response.status_code == 409
    assert response.json()["current"]["name"] == "של המנכ״ל"


def test_suggestions_and_an_allocation_beyond_capacity_is_a_422(authority, staff):
    resource = make_resource(authority, by=staff, name="מחסן", capacity=5)
    need = make_need(authority, by=staff, quantity=20)
    api = Api(staff, authority)
    assert [s["name"] for s in api.get(f"/needs/{need.pk}/suggestions").json()] == ["מחסן"]
    assert api.send("POST", f"/needs/{need.pk}/allocations", {"resource_id": resource.pk, "quantity": 6}).status_code == 422
    assert api.send("POST", f"/needs/{need.pk}/allocations", {"resource_id": resource.pk, "quantity": 5}).status_code == 201
    response = api.send("PATCH", f"/resources/{resource.pk}", {"version": 1, "capacity": 4})
    assert response.status_code == 422 and "capacity" in response.json()["errors"]


def test_the_situation_and_the_gaps(authority, staff):
    make_need(authority, by=staff, quantity=7)
    api = Api(staff, authority)
    assert api.get("/situation").json()["by_category"][0]["gap"] == 7
    assert api.get("/gaps").json()[0]["desired"] == 7


@pytest.mark.parametrize(("method", "path"), [("POST", "/partners"), ("POST", "/needs")])
def test_the_auditor_is_refused_and_audited(authority, auditor, method, path):
    response = Api(auditor, authority).send(method, path, {"name": "x", "kind": "company", "title": "x",
                                                          "category": "food", "quantity": 1})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=auditor).count() == 1


def test_an_outsider_gets_404(authority, outsider, staff):
    need = make_need(authority, by=staff)
    api = Api(outsider, authority)
    for path in ("/partners", "/resources", "/needs", f"/needs/{need.pk}", f"/needs/{need.pk}/suggestions",
                 "/situation", "/gaps", "/network"):
        assert api.get(path).status_code == 404, path
