"""Issuing a sealed message during an emergency, end to end (the issue's first "done when"): a newcomer, in
Hebrew, declares an emergency, issues an approved message for "Ein Or" with its placeholders filled, sees
it in the issue log and in the API, and the worker delivers it, signed, to a local webhook (a real HTTP
server on the loopback interface), retrying when the endpoint fails and showing the delivery's status."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from conftest import confirmed_device
from merhav.accounts.models import ApiToken
from merhav.core.context import acting_as
from merhav.notify.models import Notification

from .. import services
from ..delivery import MAX_ATTEMPTS, signature
from ..models import IssuedMessage, LogEntry, WebhookDelivery, WebhookEndpoint
from .factories import EmergencyFactory, SealedMessageFactory
from .support import approved_message, declare, stored, url
from .webhook_server import Receiver

VALUES = {"value_neighbourhood": "עין אור", "value_time": "18:40",
          "value_instructions": "יש להטעין טלפונים ולהימנע מפתיחת מקררים."}
FINAL = "אין חשמל בשכונת עין אור מאז 18:40. יש להטעין טלפונים ולהימנע מפתיחת מקררים."


def api_get(user, path):
    confirmed_device(user)
    _token, raw = ApiToken.issue(user=user, name="tests")
    return Client().get(path, headers={"Authorization": f"Bearer {raw}"})


def test_a_newcomer_declares_issues_for_ein_or_and_the_message_reaches_the_log_the_api_and_the_webhook(
        login, authority, ceo, staff, authority_admin, run_tasks):
    message = approved_message(authority, ceo=ceo)
    with Receiver() as receiver:
        with acting_as(authority_admin, authority=authority):
            endpoint = services.add_webhook(authority=authority, name="מערכת המוקד", url=receiver.url)
        client = login(ceo)  # Hebrew is the default language
        client.post(url("declare", authority), {"kind": "security", "title": "נפילת טיל", "neighbourhoods": "עין אור"})
        [emergency] = [e for e in [*stored(type(message)._meta.apps.get_model("emergency", "Emergency"), authority)]]
        page = client.get(url("issue", authority, emergency_id=emergency.pk, sealed_message_id=message.pk))
        assert page.status_code == 200
        assert page.context["form"]["value_neighbourhood"].value() == "עין אור"  # from the emergency
        preview = client.post(url("issue", authority, emergency_id=emergency.pk, sealed_message_id=message.pk),
                              {**VALUES, "preview": "1"})
        assert preview.context["preview"]["text"] == FINAL
        assert stored(IssuedMessage, authority) == []  # a preview issues nothing
        response = client.post(url("issue", authority, emergency_id=emergency.pk, sealed_message_id=message.pk),
                               {**VALUES, "issue": "1"})
        [issued] = stored(IssuedMessage, authority)
        assert response.status_code == 302
        assert (issued.text, issued.issued_by, issued.message_version) == (FINAL, ceo, message.version)
        run_tasks()

        [post] = receiver.received
    body = post["body"]
    sent = json.loads(body)
    assert (sent["text"], sent["values"]["neighbourhood"], sent["authority"]) == (FINAL, "עין אור", authority.slug)
    timestamp = post["headers"]["X-Merhav-Signature"].split(",")[0].removeprefix("t=")
    expected = hmac.new(endpoint.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert post["headers"]["X-Merhav-Signature"] == f"t={timestamp},v1={expected}"
    [delivery] = stored(WebhookDelivery, authority)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)

    log = login(staff).get(url("issued_list", authority)).content.decode()
    assert FINAL[:60] in log and "נמסרה" in log
    api = api_get(staff, f"/api/v1/authorities/{authority.slug}/emergency/issued").json()
    [item] = api["items"]
    assert (item["text"], item["deliveries"][0]["status"]) == (FINAL, "delivered")
    assert [e.text for e in stored(LogEntry, authority)][-1] == f"issued:{issued.pk}"


def test_a_failing_webhook_is_retried_with_back_off_and_delivered(authority, ceo, authority_admin, run_tasks):
    message = approved_message(authority, ceo=ceo)
    emergency = EmergencyFactory(authority=authority)
    with Receiver(statuses=[500, 503]) as receiver, time_machine.travel(timezone.now(), tick=False) as traveller:
        with acting_as(authority_admin, authority=authority):
            services.add_webhook(authority=authority, name="מוקד", url=receiver.url)
        with acting_as(ceo, authority=authority):
            services.issue_message(emergency=emergency, message=message,
                                   values={"neighbourhood": "עין אור", "time": "18:40", "instructions": "הנחיה"})
        run_tasks()
        [delivery] = stored(WebhookDelivery, authority)
        assert (delivery.status, delivery.attempts, delivery.last_error) == ("retrying", 1, "HTTP 500")
        traveller.shift(timedelta(seconds=31))
        run_tasks()
        traveller.shift(timedelta(seconds=61))
        run_tasks()
        assert len(receiver.received) == 3
    [delivery] = stored(WebhookDelivery, authority)
    assert (delivery.status, delivery.attempts) == ("delivered", 3)


def test_a_webhook_that_keeps_failing_is_marked_failed_and_the_admins_are_told(
        authority, ceo, authority_admin, run_tasks):
    message = approved_message(authority, ceo=ceo)
    emergency = EmergencyFactory(authority=authority)
    with Receiver(statuses=[500] * MAX_ATTEMPTS) as receiver, \
            time_machine.travel(timezone.now(), tick=False) as traveller:
        with acting_as(authority_admin, authority=authority):
            services.add_webhook(authority=authority, name="מוקד", url=receiver.url)
        with acting_as(ceo, authority=authority):
            services.issue_message(emergency=emergency, message=message,
                                   values={"neighbourhood": "עין אור", "time": "18:40", "instructions": "הנחיה"})
        for _attempt in range(MAX_ATTEMPTS):
            run_tasks()
            traveller.shift(timedelta(hours=1))
        assert len(receiver.received) == MAX_ATTEMPTS
    [delivery] = stored(WebhookDelivery, authority)
    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    told = set(Notification.objects.filter(kind="emergency.webhook_failed").values_list("recipient", flat=True))
    assert told == {ceo.pk, authority_admin.pk}
    assert mail.outbox  # and by email


def test_an_empty_placeholder_is_said_beside_its_field_and_nothing_is_issued(login, authority, ceo):
    message = approved_message(authority, ceo=ceo)
    emergency = EmergencyFactory(authority=authority)
    response = login(ceo).post(url("issue", authority, emergency_id=emergency.pk, sealed_message_id=message.pk),
                               {**VALUES, "value_time": " ", "issue": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["value_time"]
    assert stored(IssuedMessage, authority) == []


def test_an_unapproved_or_withdrawn_message_is_not_issued(login, authority, ceo):
    draft = SealedMessageFactory(authority=authority)
    emergency = EmergencyFactory(authority=authority)
    values = {"neighbourhood": "עין אור", "time": "18:40", "instructions": "הנחיה"}
    with acting_as(ceo, authority=authority), pytest.raises(Exception, match="message"):
        services.issue_message(emergency=emergency, message=draft, values=values)
    response = login(ceo).post(url("issue", authority, emergency_id=emergency.pk, sealed_message_id=draft.pk),
                               {**VALUES, "issue": "1"})
    assert response.status_code == 302
    assert stored(IssuedMessage, authority) == []


def test_no_message_is_issued_after_the_emergency_ended(authority, ceo):
    message = approved_message(authority, ceo=ceo)
    emergency = EmergencyFactory(authority=authority, ended=True)
    with acting_as(ceo, authority=authority), pytest.raises(Exception, match="message"):
        services.issue_message(emergency=emergency, message=message,
                               values={"neighbourhood": "עין אור", "time": "18:40", "instructions": "הנחיה"})
    assert stored(IssuedMessage, authority) == []


def test_a_webhook_address_must_be_https_in_production(settings, authority, authority_admin):
    settings.PRODUCTION = True
    with acting_as(authority_admin, authority=authority), pytest.raises(Exception, match="https"):
        services.add_webhook(authority=authority, name="מוקד", url="http://emergency.example/hook")


def test_the_signature_is_hmac_sha256_of_the_timestamp_and_body():
    digest = hmac.new(b"secret", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert signature("secret", "1700000000", b"{}") == f"t=1700000000,v1={digest}"


def test_the_auditor_may_not_issue_and_an_outsider_gets_404(login, authority, auditor, outsider, ceo):
    message = approved_message(authority, ceo=ceo)
    emergency = declare(authority, by=ceo)
    path = url("issue", authority, emergency_id=emergency.pk, sealed_message_id=message.pk)
    assert login(auditor).post(path, {**VALUES, "issue": "1"}).status_code == 403
    assert login(outsider).post(path, {**VALUES, "issue": "1"}).status_code == 404
    assert stored(IssuedMessage, authority) == []


@pytest.mark.parametrize("address", ["http://127.0.0.1:9/hook", "http://169.254.169.254/latest/meta-data",
                                     "http://10.1.2.3/hook", "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook"])
def test_a_webhook_to_an_internal_address_is_refused(settings, authority, authority_admin, address):
    settings.MERHAV_WEBHOOK_ALLOWED_NETWORKS = []
    with translation.override("en"), acting_as(authority_admin, authority=authority), \
            pytest.raises(ValidationError, match="internal network"):
        services.add_webhook(authority=authority, name="מוקד", url=address)
    assert stored(WebhookEndpoint, authority) == []


def test_an_internal_network_the_administrator_allowed_is_accepted(settings, authority, authority_admin):
    settings.MERHAV_WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    with acting_as(authority_admin, authority=authority):
        endpoint = services.add_webhook(authority=authority, name="מוקד", url="http://10.20.1.5/hook")
    assert endpoint.url == "http://10.20.1.5/hook"


def test_a_delivery_to_an_address_no_longer_allowed_is_not_sent(settings, authority, ceo, authority_admin, run_tasks):
    message = approved_message(authority, ceo=ceo)
    emergency = EmergencyFactory(authority=authority)
    with Receiver(statuses=[200]) as receiver:
        with acting_as(authority_admin, authority=authority):
            services.add_webhook(authority=authority, name="מוקד", url=receiver.url)
        settings.MERHAV_WEBHOOK_ALLOWED_NETWORKS = []  # the setting changed after the endpoint was saved
        with acting_as(ceo, authority=authority):
            services.issue_message(emergency=emergency, message=message,
                                   values={"neighbourhood": "עין אור", "time": "18:40", "instructions": "הנחיה"})
        run_tasks()
        assert receiver.received == []
    [delivery] = stored(WebhookDelivery, authority)
    assert (delivery.attempts, delivery.last_error) == (1, "RefusedURL")
