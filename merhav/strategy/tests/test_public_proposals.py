"""The hackathon's public form: residents propose initiatives without login while a member keeps the form open;
closed, it is not found; a flood from one address is refused; a double submit makes one initiative."""

from django_scopes import scope

from merhav.core.submit_once import FIELD

from ..models import Initiative
from .support import make_plan, public_url, url

PROPOSAL = {"title": "ספרייה קהילתית בתחנת האוטובוס", "description": "מדף ספרים שהשכנים ממלאים", "team_name": ""}


def initiatives(authority) -> list[Initiative]:
    with scope(authority=authority):
        return list(Initiative.objects.order_by("id"))


def test_a_closed_form_is_not_found(client, authority, staff):
    plan = make_plan(authority, by=staff, title="תוכנית שעוד לא פורסמה")
    response = client.get(public_url("propose", authority, plan_id=plan.pk))
    assert response.status_code == 404 and "שעוד לא פורסמה" not in response.content.decode()
    assert client.post(public_url("propose", authority, plan_id=plan.pk), PROPOSAL).status_code == 404


def test_a_member_opens_the_form_and_a_resident_proposes(client, login, authority, staff):
    plan = make_plan(authority, by=staff)
    assert login(staff).post(url("proposals", authority, plan_id=plan.pk), {"open": "yes"}).status_code == 302
    client.logout()
    assert client.get(public_url("propose", authority, plan_id=plan.pk)).status_code == 200
    response = client.post(public_url("propose", authority, plan_id=plan.pk), {**PROPOSAL, FIELD: "t" * 32})
    assert response.status_code == 302
    assert client.post(public_url("propose", authority, plan_id=plan.pk), {**PROPOSAL, FIELD: "t" * 32}).status_code \
        == 302  # sent twice: one initiative
    [initiative] = initiatives(authority)
    assert (initiative.title, initiative.status, len(initiative.client_hash)) == (PROPOSAL["title"], "proposed", 64)


def test_a_flood_is_refused(client, login, authority, staff):
    plan = make_plan(authority, by=staff)
    login(staff).post(url("proposals", authority, plan_id=plan.pk), {"open": "yes"})
    client.logout()
    for n in range(3):
        client.post(public_url("propose", authority, plan_id=plan.pk), {**PROPOSAL, "title": f"יוזמה {n}"})
    assert client.post(public_url("propose", authority, plan_id=plan.pk), PROPOSAL).status_code == 429
    assert len(initiatives(authority)) == 3


def test_the_auditor_may_not_open_the_form(login, authority, auditor, staff):
    plan = make_plan(authority, by=staff)
    assert login(auditor).post(url("proposals", authority, plan_id=plan.pk), {"open": "yes"}).status_code == 403
