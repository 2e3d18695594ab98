"""The communities API: list (paginated), create, read, update with a version (stale → 409), and
the personas: the auditor is refused (403, audited), an outsider gets 404."""

import json

import pytest
from django.test import Client

from conftest import confirmed_device
from merhav.accounts.models import ApiToken
from merhav.audit.models import AuditEntry

from .support import make_community, stored


class Api:
    """JSON calls to /api/v1/authorities/<slug>/communities/communities with a personal access token."""

    def __init__(self, user, authority):
        confirmed_device(user)  # a role that sees personal data must have set up two-factor for its token to work
        _token, raw = ApiToken.issue(user=user, name="tests")
        self.client, self.headers = Client(), {"Authorization": f"Bearer {raw}"}
        self.base = f"/api/v1/authorities/{authority.slug}/communities/communities"

    def get(self, path: str = "", params: dict | None = None):
        return self.client.get(self.base + path, params or {}, headers=self.headers)

    def send(self, method: str, path: str, body: dict):
        return self.client.generic(method, self.base + path, json.dumps(body), content_type="application/json",
                                   headers=self.headers)


def test_create_then_read(authority, staff):
    api = Api(staff, authority)
    response = api.send("POST", "", {"title": "מה-API", "status": "in_progress"})
    assert response.status_code == 201
    created = response.json()
    assert (created["title"], created["status"], created["version"]) == ("מה-API", "in_progress", 1)
    assert api.get(f"/{created['id']}").json()["title"] == "מה-API"
    assert [e.created_by for e in stored(authority)] == [staff]


def test_the_list_is_paginated_with_limit_and_offset(authority, staff):
    for n in range(3):
        make_community(authority, by=staff, title=f"מספר {n}")
    api = Api(staff, authority)
    first = api.get(params={"limit": 2}).json()
    assert [e["title"] for e in first["items"]] == ["מספר 2", "מספר 1"]
    assert first["next_offset"] == 2
    last = api.get(params={"limit": 2, "offset": 2}).json()
    assert ([e["title"] for e in last["items"]], last["next_offset"]) == (["מספר 0"], None)


def test_an_empty_title_is_a_422_on_the_field(authority, staff):
    response = Api(staff, authority).send("POST", "", {"title": ""})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["title"]
    assert stored(authority) == []


def test_an_update_with_the_current_version_saves(authority, staff):
    community = make_community(authority, by=staff, title="לפני")
    response = Api(staff, authority).send("PATCH", f"/{community.pk}", {"version": 1, "title": "אחרי"})
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["version"]) == ("אחרי", 2)


def test_a_stale_version_is_a_409_with_both_versions_and_changes_nothing(authority, staff, ceo):
    community = make_community(authority, by=staff, title="המקור")
    Api(ceo, authority).send("PATCH", f"/{community.pk}", {"version": 1, "title": "של המנכ״ל"})
    response = Api(staff, authority).send("PATCH", f"/{community.pk}", {"version": 1, "title": "שלי"})
    assert response.status_code == 409
    body = response.json()
    assert (body["yours"], body["current"]["title"], body["current"]["version"]) == ({"title": "שלי"}, "של המנכ״ל", 2)
    assert [(e.title, e.version) for e in stored(authority)] == [("של המנכ״ל", 2)]


@pytest.mark.parametrize(("method", "path"), [("POST", ""), ("PATCH", "/{id}")])
def test_the_auditor_is_refused_and_audited(authority, auditor, staff, method, path):
    community = make_community(authority, by=staff, title="לא ישתנה")
    response = Api(auditor, authority).send(method, path.format(id=community.pk), {"title": "שונה", "version": 1})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=auditor).count() == 1
    assert [(e.title, e.version) for e in stored(authority)] == [("לא ישתנה", 1)]


def test_an_outsider_gets_404(authority, outsider, staff):
    community = make_community(authority, by=staff)
    api = Api(outsider, authority)
    assert api.get().status_code == 404
    assert api.get(f"/{community.pk}").status_code == 404
    assert api.send("PATCH", f"/{community.pk}", {"version": 1, "title": "x"}).status_code == 404
