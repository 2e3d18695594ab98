"""Residents comment on the published plan without login: the comment waits for moderation (nobody sees it
until a member approves it), a flood from one address is refused (429) and nothing of it is stored, and a
plan never published takes no comment."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.core.context import acting_as

from .. import services
from ..models import PublicComment
from .support import make_plan, public_url, url
from .test_public_plan import approved


def published(authority, by):
    plan = approved(authority, by)
    with acting_as(by, authority=authority):
        services.publish_plan(plan=plan)
    return plan


def stored(authority) -> list[PublicComment]:
    with scope(authority=authority):
        return list(PublicComment.objects.order_by("id"))


def test_a_comment_waits_for_moderation_then_is_shown(client, login, authority, staff):
    plan = published(authority, staff)
    response = client.post(public_url("comment", authority, plan_id=plan.pk),
                           {"body": "כדאי להוסיף תאורה בגינה", "name": "מירב"})
    assert response.status_code == 302
    assert "כדאי להוסיף תאורה" not in client.get(public_url("plan", authority, plan_id=plan.pk)).content.decode()
    [comment] = stored(authority)
    assert comment.status == PublicComment.Status.PENDING and len(comment.client_hash) == 64
    member = login(staff)
    assert "כדאי להוסיף תאורה" in member.get(url("comments", authority, plan_id=plan.pk)).content.decode()
    assert member.post(url("comment_moderate", authority, plan_id=plan.pk, plan_comment_id=comment.pk),
                       {"decision": "approve"}).status_code == 302
    member.logout()
    assert "כדאי להוסיף תאורה" in client.get(public_url("plan", authority, plan_id=plan.pk)).content.decode()
    assert AuditEntry.objects.filter(object_type="strategy.publiccomment", action=AuditEntry.Action.UPDATE).exists()


def test_a_flood_from_one_address_is_refused_and_nothing_stored(client, authority, staff):
    plan = published(authority, staff)
    for n in range(3):
        assert client.post(public_url("comment", authority, plan_id=plan.pk), {"body": f"הערה {n}"}).status_code == 302
    response = client.post(public_url("comment", authority, plan_id=plan.pk), {"body": "עוד אחת"})
    assert response.status_code == 429
    assert response.context["form"].errors["body"]
    assert len(stored(authority)) == 3


def test_the_flood_window_passes(client, authority, staff):
    import time_machine

    plan = published(authority, staff)
    for n in range(3):
        client.post(public_url("comment", authority, plan_id=plan.pk), {"body": f"הערה {n}"})
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert client.post(public_url("comment", authority, plan_id=plan.pk), {"body": "אחרי הפסקה"}).status_code == 302


def test_a_plan_never_published_takes_no_comment(client, authority, staff):
    plan = make_plan(authority, by=staff)
    assert client.post(public_url("comment", authority, plan_id=plan.pk), {"body": "שלום"}).status_code == 404
    assert stored(authority) == []


def test_an_empty_comment_is_said_beside_the_field(client, authority, staff):
    plan = published(authority, staff)
    response = client.post(public_url("comment", authority, plan_id=plan.pk), {"body": "  "})
    assert response.status_code == 400 and response.context["form"].errors["body"]


def test_the_auditor_reads_the_comments_and_may_not_moderate(login, authority, auditor, staff, client):
    plan = published(authority, staff)
    client.post(public_url("comment", authority, plan_id=plan.pk), {"body": "הערה"})
    [comment] = stored(authority)
    reader = login(auditor)
    assert reader.get(url("comments", authority, plan_id=plan.pk)).status_code == 200
    assert reader.post(url("comment_moderate", authority, plan_id=plan.pk, plan_comment_id=comment.pk),
                       {"decision": "approve"}).status_code == 403
    assert stored(authority)[0].status == PublicComment.Status.PENDING
