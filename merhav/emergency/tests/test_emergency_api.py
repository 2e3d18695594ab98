"""The emergency API: the authority's emergency systems read the issued messages as JSON; emergencies are
declared and read; the personas: the auditor reads and may not declare (403, audited), an outsider gets 404."""

import json

from django.test import Client

from conftest import confirmed_device
from merhav.accounts.models import ApiToken
from merhav.audit.models import AuditEntry

from ..models import Emergency
from .factories import EmergencyFactory, IssuedMessageFactory
from .support import approved_message, stored


class Api:
    def __init__(self, user, authority):
        confirmed_device(user)
        _token, raw = ApiToken.issue(user=user, name="tests")
        self.client, self.headers = Client(), {"Authorization": f"Bearer {raw}"}
        self.base = f"/api/v1/authorities/{authority.slug}/emergency"

    def get(self, path: str):
        return self.client.get(self.base + path, headers=self.headers)

    def post(self, path: str, body: dict):
        return self.client.post(self.base + path, json.dumps(body), content_type="application/json",
                                headers=self.headers)


def test_declare_then_read(authority, ceo):
    api = Api(ceo, authority)
    response = api.post("/emergencies", {"kind": "earthquake", "title": "רעידת אדמה", "neighbourhoods": "עין אור"})
    assert response.status_code == 201
    created = response.json()
    assert (created["kind"], created["active"], created["neighbourhoods"]) == ("earthquake", True, ["עין אור"])
    assert api.get(f"/emergencies/{created['id']}").json()["title"] == "רעידת אדמה"


def test_a_second_emergency_of_the_same_kind_is_a_422_beside_the_field(authority, ceo):
    EmergencyFactory(authority=authority, kind="earthquake")
    response = Api(ceo, authority).post("/emergencies", {"kind": "earthquake", "title": "שוב"})
    assert response.status_code == 422
    assert "kind" in response.json()["errors"]
    assert len(stored(Emergency, authority)) == 1


def test_the_issued_messages_are_json_for_the_emergency_systems(authority, ceo, staff):
    message = approved_message(authority, ceo=ceo)
    emergency = EmergencyFactory(authority=authority)
    issued = IssuedMessageFactory(emergency=emergency, message=message, issued_by=ceo)
    api = Api(staff, authority)
    [item] = api.get("/issued").json()["items"]
    assert (item["id"], item["text"], item["values"]["neighbourhood"], item["emergency"]) == (
        issued.pk, issued.text, "עין אור", emergency.pk)
    assert api.get(f"/issued/{issued.pk}").json()["channel"] == "sms"
    readiness = {row["scenario"]: row for row in api.get("/readiness").json()}
    assert readiness["power"]["gap"] is True  # Hebrew only: no Arabic message


def test_the_auditor_reads_and_may_not_declare(authority, auditor):
    api = Api(auditor, authority)
    assert api.get("/emergencies").status_code == 200
    assert api.post("/emergencies", {"kind": "earthquake", "title": "x"}).status_code == 403
    assert stored(Emergency, authority) == []
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=auditor).count() == 1


def test_an_outsider_gets_404(authority, outsider):
    issued = IssuedMessageFactory(emergency=EmergencyFactory(authority=authority))
    api = Api(outsider, authority)
    assert api.get("/issued").status_code == 404
    assert api.get(f"/issued/{issued.pk}").status_code == 404
