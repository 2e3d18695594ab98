"""Every page of the module as the three personas (a member who writes, the auditor who reads, an outsider
who gets 404), the create forms' double-submit guard, and every list at two sizes costing the same queries."""

import pytest
from django.urls import reverse

from merhav.core.context import acting_as
from merhav.tenancy.roles import Role

from .. import services
from ..models import Need, Partner, Resource
from .factories import NeedFactory, PartnerFactory, ResourceFactory
from .support import make_need, make_partner, make_resource, stored, url

READ_PAGES = ["index", "partner_list", "resource_list", "need_list", "response_list", "neighbourhood_list",
              "gap_document", "forum", "network_list", "settings"]
CREATE_PAGES = ["partner_create", "resource_create", "need_create", "response_create", "forum_meeting_create",
                "forum_member_add"]


@pytest.fixture
def objects(authority, ceo):
    partner = make_partner(authority, by=ceo)
    resource = make_resource(authority, by=ceo, partner=partner)
    need = make_need(authority, by=ceo)
    with acting_as(ceo, authority=authority):
        meeting = services.create_forum_meeting(authority=authority, title="מפגש", held_on=need.created_at.date())
        response = services.create_response(authority=authority, name="מענה", category="food", partner=partner)
        snapshot = services.take_gap_snapshot(authority=authority)
    return {"partner_detail": {"partner_id": partner.pk}, "partner_edit": {"partner_id": partner.pk},
            "contact_add": {"partner_id": partner.pk}, "agreement_add": {"partner_id": partner.pk},
            "resource_detail": {"resource_id": resource.pk}, "resource_edit": {"resource_id": resource.pk},
            "need_detail": {"need_id": need.pk}, "need_edit": {"need_id": need.pk},
            "forum_meeting": {"meeting_id": meeting.pk}, "response_edit": {"response_id": response.pk},
            "snapshot_detail": {"snapshot_id": snapshot.pk}}


def test_every_page_opens_for_a_member_and_the_auditor_and_is_a_404_to_an_outsider(login, authority, ceo, auditor,
                                                                                 outsider, objects):
    pages = [url(name, authority) for name in READ_PAGES + CREATE_PAGES + ["import_upload"]]
    pages += [url(name, authority, **kwargs) for name, kwargs in objects.items()]
    client = login(ceo)
    assert {path: client.get(path).status_code for path in pages} == dict.fromkeys(pages, 200)
    client = login(auditor)
    readable = [p for p in pages if not p.endswith(("/new/", "/edit/", "/import/", "/contacts/", "/agreements/"))]
    assert {path: client.get(path).status_code for path in readable} == dict.fromkeys(readable, 200)
    client = login(outsider)
    assert {path: client.get(path).status_code for path in pages} == dict.fromkeys(pages, 404)


def test_a_need_is_created_once_even_when_the_form_is_sent_twice(login, authority, staff):
    client = login(staff)
    form = client.get(url("need_create", authority)).context
    token = form["request"].POST.get("submit_token") if False else None
    body = {"title": "צורך", "category": "food", "quantity": 3, "population_group": "קשישים", "urgency": 3,
            "submit_token": "t" * 32}
    first = client.post(url("need_create", authority), body)
    second = client.post(url("need_create", authority), body)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert len(stored(Need, authority)) == 1 and token is None


def test_bad_input_is_said_beside_the_fields_and_nothing_is_stored(login, authority, staff):
    client = login(staff)
    response = client.post(url("need_create", authority), {"title": "צורך", "category": "food", "quantity": 0,
                                                           "urgency": 3})
    assert response.status_code == 400
    assert "quantity" in response.context["form"].errors
    response = client.post(url("need_create", authority), {"title": "צורך", "category": "food", "quantity": 4,
                                                           "urgency": 3})
    assert "neighbourhood" in response.context["form"].errors  # neither a neighbourhood nor a population group
    assert stored(Need, authority) == []


LISTS = {
    "partner_list": lambda authority, n: PartnerFactory.create_batch(n, authority=authority),
    "resource_list": lambda authority, n: ResourceFactory.create_batch(
        n, authority=authority, partner=PartnerFactory(authority=authority)),
    "need_list": lambda authority, n: NeedFactory.create_batch(n, authority=authority),
    "response_list": lambda authority, n: [services.create_response(
        authority=authority, name=f"מענה {i}", category="food", partner=PartnerFactory(authority=authority))
        for i in range(n)],
    "index": lambda authority, n: NeedFactory.create_batch(n, authority=authority),
    "gap_document": lambda authority, n: NeedFactory.create_batch(n, authority=authority),
    "network_list": lambda authority, n: None,
    "forum": lambda authority, n: [services.add_forum_member(authority=authority, partner=p)
                                   for p in PartnerFactory.create_batch(n, authority=authority)],
}


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("count", [2, 30])
def test_the_lists_cost_the_same_queries_at_any_size(login, authority, ceo, name, count, django_assert_max_num_queries):
    with acting_as(ceo, authority=authority):
        LISTS[name](authority, count)
    client = login(ceo)
    client.get(url(name, authority))  # warm the session, as any second page view would
    with django_assert_max_num_queries(20 if name == "index" else 16):
        response = client.get(url(name, authority))
    assert response.status_code == 200


def test_a_partner_page_costs_the_same_queries_with_many_resources(login, authority, ceo,
                                                                  django_assert_max_num_queries):
    partner = PartnerFactory(authority=authority)
    ResourceFactory.create_batch(30, authority=authority, partner=partner)
    client = login(ceo)
    client.get(url("partner_detail", authority, partner_id=partner.pk))
    with django_assert_max_num_queries(14):
        assert client.get(url("partner_detail", authority, partner_id=partner.pk)).status_code == 200


def test_the_module_is_in_the_navigation_at_its_place(login, authority, staff):
    body = login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})).content.decode()
    assert f'href="{url("index", authority)}"' in body
    from merhav.core.modules import nav_entries

    [entry] = [e for e in nav_entries() if e.key == "resources"]
    assert entry.order == 120


def test_a_member_without_write_role_only_reads(login, authority, member_with):
    viewer = member_with(Role.VIEWER)
    client = login(viewer)
    assert client.get(url("need_list", authority)).status_code == 200
    assert client.post(url("need_create", authority), {"title": "x"}).status_code == 403
    assert stored(Partner, authority) == [] and stored(Resource, authority) == []
