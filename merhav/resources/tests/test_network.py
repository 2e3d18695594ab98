"""The regional network: what one authority shares explicitly is seen by the other authorities of its
region, nothing else of it is; a request is answered and accepted across authorities."""

import pytest
from django_scopes import scopes_disabled

from merhav.core.context import acting_as
from merhav.notify.models import Notification
from merhav.tenancy.models import Region
from merhav.tenancy.roles import Role

from .. import services
from ..models import NetworkReply, SharedPost
from .support import make_need, make_partner, make_resource, url


@pytest.fixture
def region(authority, other_authority):
    with scopes_disabled():
        region = Region.objects.create(name_he="אשכול בדיקה", slug="test-cluster")
        for member in (authority, other_authority):
            member.region = region
            member.save(update_fields=["region"])
    return region


def test_a_second_authority_sees_the_shared_offer_and_nothing_else(login, region, authority, other_authority,
                                                                   make_user):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER)
    neighbour = make_user(authority=other_authority, role=Role.PARTNERSHIPS_MANAGER)
    partner = make_partner(authority, by=manager, name="שותף פנימי סודי")
    resource = make_resource(authority, by=manager, name="משאב שלא שותף")
    need = make_need(authority, by=manager, title="צורך פנימי")
    with acting_as(manager, authority=authority):
        post = services.share_post(authority=authority, kind="offer", title="מיניבוסים לאשכול", category="transport",
                                   quantity=3)
    client = login(neighbour)
    listing = client.get(url("network_list", other_authority)).content.decode()
    assert "מיניבוסים לאשכול" in listing
    assert "משאב שלא שותף" not in listing and "שותף פנימי סודי" not in listing
    assert client.get(url("network_post", other_authority, post_id=post.pk)).status_code == 200
    # Nothing else of the first authority: its objects under the second's address, and its own pages, are 404.
    for name, kwargs in (("resource_detail", {"resource_id": resource.pk}), ("partner_detail", {"partner_id": partner.pk}),
                         ("need_detail", {"need_id": need.pk})):
        assert client.get(url(name, other_authority, **kwargs)).status_code == 404
        assert client.get(url(name, authority, **kwargs)).status_code == 404
    assert client.get(url("network_list", authority)).status_code == 404


def test_an_authority_outside_the_region_sees_nothing(login, region, authority, make_authority, make_user):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER)
    far = make_authority("far-town")
    stranger = make_user(authority=far, role=Role.PARTNERSHIPS_MANAGER)
    with acting_as(manager, authority=authority):
        post = services.share_post(authority=authority, kind="offer", title="הצעה לאשכול", category="food")
    client = login(stranger)
    assert "הצעה לאשכול" not in client.get(url("network_list", far)).content.decode()
    assert client.get(url("network_post", far, post_id=post.pk)).status_code == 404


def test_a_request_is_answered_and_accepted_across_authorities(login, region, authority, other_authority, make_user):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER)
    neighbour = make_user(authority=other_authority, role=Role.PARTNERSHIPS_MANAGER)
    with acting_as(manager, authority=authority):
        post = services.share_post(authority=authority, kind="request", title="דרושים מטפלים", category="psychosocial",
                                   quantity=5)
    response = login(neighbour).post(url("network_post", other_authority, post_id=post.pk),
                                     {"message": "יש לנו שלושה מטפלים", "quantity": 3})
    assert response.status_code == 302
    reply = NetworkReply.objects.get()
    assert (reply.authority, reply.status) == (other_authority, "proposed")
    [notice] = Notification.objects.filter(recipient=manager)
    assert notice.url == url("network_post", authority, post_id=post.pk)
    assert login(manager).post(url("reply_decide", authority, reply_id=reply.pk), {"decision": "accept"}).status_code == 302
    reply.refresh_from_db()
    post.refresh_from_db()
    assert (reply.status, post.status) == ("accepted", SharedPost.Status.CLOSED)
    assert Notification.objects.filter(recipient=neighbour, kind="resources_network_decision").count() == 1


def test_the_answering_authority_cannot_decide_and_others_do_not_see_its_answer(login, region, authority,
                                                                               other_authority, make_user):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER)
    neighbour = make_user(authority=other_authority, role=Role.PARTNERSHIPS_MANAGER)
    with acting_as(manager, authority=authority):
        post = services.share_post(authority=authority, kind="request", title="בקשה", category="food")
    with acting_as(neighbour, authority=other_authority):
        reply = services.reply_to_post(post=post, authority=other_authority, message="תשובה")
    assert login(neighbour).post(url("reply_decide", other_authority, reply_id=reply.pk),
                                 {"decision": "accept"}).status_code == 404
    reply.refresh_from_db()
    assert reply.status == "proposed"
