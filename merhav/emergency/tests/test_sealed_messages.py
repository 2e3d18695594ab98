"""Sealed messages: the head of public information drafts, only the CEO approves, any change after
approval withdraws it (every version is kept), and the readiness view shows a scenario without an
approved message in each required language as a gap."""

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scope

from merhav.core.context import acting_as
from merhav.notify.models import Notification
from merhav.tenancy.roles import Role

from .. import selectors, services
from ..models import MessageVersion, SealedMessage
from ..services.messages import placeholders, sms_length
from .factories import SealedMessageFactory
from .support import approved_message, stored, url

FORM = {"scenario": "power", "channel": "sms", "language": "he", "title": "הפסקת חשמל",
        "body": "אין חשמל בשכונת {neighbourhood} מאז {time}. {instructions}"}


@pytest.fixture
def head_of_information(member_with):
    return member_with(Role.DEPARTMENT_HEAD, department_kind="public_information")


def test_a_draft_is_saved_and_the_ceo_is_asked_to_approve_it(login, authority, head_of_information, ceo):
    response = login(head_of_information).post(url("message_create", authority), FORM)
    [message] = stored(SealedMessage, authority)
    assert response.status_code == 302
    assert (message.status, message.created_by, message.version) == ("draft", head_of_information, 1)
    assert [v.number for v in stored(MessageVersion, authority)] == [1]
    assert Notification.objects.filter(recipient=ceo, kind="emergency.message_to_approve").count() == 1


def test_only_the_ceo_approves(login, authority, head_of_information, ceo):
    message = SealedMessageFactory(authority=authority)
    refused = login(head_of_information).post(url("message_approve", authority, sealed_message_id=message.pk),
                                              {"version": 1})
    assert refused.status_code == 403
    with acting_as(head_of_information, authority=authority), pytest.raises(PermissionDenied):
        services.approve_message(message=message, version=1)
    response = login(ceo).post(url("message_approve", authority, sealed_message_id=message.pk), {"version": 1})
    assert response.status_code == 302
    [approved] = stored(SealedMessage, authority)
    assert (approved.status, approved.approved_by, approved.version) == ("approved", ceo, 2)


def test_editing_an_approved_message_withdraws_its_approval_and_keeps_every_version(
        login, authority, head_of_information, ceo):
    message = approved_message(authority, ceo=ceo, **{k: v for k, v in FORM.items()})
    with scope(authority=authority):
        power = next(row for row in selectors.readiness(authority) if row["scenario"] == "power")
    assert power["gap"]  # no Arabic message
    he_cell = power["cells"][0]
    assert not he_cell["gap"]
    response = login(head_of_information).post(url("message_edit", authority, sealed_message_id=message.pk),
                                               {**FORM, "body": FORM["body"] + " עדכון.", "version": message.version})
    assert response.status_code == 302
    [edited] = stored(SealedMessage, authority)
    assert (edited.status, edited.approved_by, edited.approved_at) == ("draft", None, None)
    assert edited.body.endswith("עדכון.")
    assert [(v.number, v.status) for v in stored(MessageVersion, authority)] == [(2, "approved"), (3, "draft")]
    assert Notification.objects.filter(recipient=ceo, kind="emergency.message_to_approve").count() == 1
    # The readiness view shows the scenario as a gap in Hebrew now.
    page = login(ceo).get(url("readiness", authority))
    power = next(row for row in page.context["rows"] if row["scenario"] == "power")
    assert [cell["gap"] for cell in power["cells"]] == [True, True]
    assert "פער" in page.content.decode()


def test_an_edit_that_changes_nothing_keeps_the_approval(authority, head_of_information, ceo):
    message = approved_message(authority, ceo=ceo, **FORM)
    with acting_as(head_of_information, authority=authority):
        changed = services.update_message(message=message, version=message.version, **FORM)
    assert changed == []
    assert stored(SealedMessage, authority)[0].is_approved


def test_a_stale_edit_shows_the_conflict_screen(login, authority, head_of_information, ceo):
    message = SealedMessageFactory(authority=authority, **FORM)
    with acting_as(ceo, authority=authority):
        services.update_message(message=message, version=1, **{**FORM, "title": "של המנכ״ל"})
    response = login(head_of_information).post(url("message_edit", authority, sealed_message_id=message.pk),
                                               {**FORM, "title": "שלי", "version": 1})
    assert response.status_code == 409
    assert stored(SealedMessage, authority)[0].title == "של המנכ״ל"


def test_readiness_lists_every_scenario_in_hebrew_and_arabic(authority, ceo):
    approved_message(authority, ceo=ceo, scenario="water", language="he")
    approved_message(authority, ceo=ceo, scenario="water", language="ar")
    with scope(authority=authority):
        rows = {row["scenario"]: row for row in selectors.readiness(authority)}
    assert not rows["water"]["gap"]
    assert rows["power"]["gap"] and rows["evacuation"]["gap"]
    assert [c["language"] for c in rows["water"]["cells"]] == ["he", "ar"]


def test_placeholders_and_the_sms_length_of_hebrew_text():
    assert placeholders("שלום {neighbourhood}, {time} ו-{neighbourhood}") == ["neighbourhood", "time"]
    assert (sms_length("א" * 70).segments, sms_length("א" * 71).segments, sms_length("א" * 135).segments) == (1, 2, 3)
    assert sms_length("a" * 160).segments == 1 and not sms_length("a").unicode


def test_the_auditor_reads_and_may_not_write(login, authority, auditor, ceo):
    message = approved_message(authority, ceo=ceo)
    client = login(auditor)
    assert client.get(url("message_list", authority)).status_code == 200
    assert client.get(url("message_detail", authority, sealed_message_id=message.pk)).status_code == 200
    assert client.post(url("message_create", authority), FORM).status_code == 403
    assert client.post(url("message_edit", authority, sealed_message_id=message.pk), {**FORM, "version": 2}).status_code == 403
    assert stored(SealedMessage, authority)[0].is_approved


def test_an_outsider_gets_404(login, authority, outsider):
    message = SealedMessageFactory(authority=authority)
    client = login(outsider)
    assert client.get(url("message_detail", authority, sealed_message_id=message.pk)).status_code == 404
    assert client.get(url("readiness", authority)).status_code == 404
