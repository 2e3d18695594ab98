"""Sending an issued message to the authority's emergency systems (run by the worker: tasks.py): the
JSON is POSTed to the endpoint, signed with its secret (HMAC-SHA256 over "<timestamp>.<body>"); a 2xx is
delivered, anything else counts an attempt and raises, so that the worker retries with back-off; the last
failed attempt marks the delivery failed and tells the authority's admins. Never silently dropped."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from merhav.notify.services import send_notification
from merhav.tenancy.roles import Role

from .models import IssuedMessage, WebhookDelivery
from .people import members_with, page

# The worker's attempts in all (tasks.deliver_issued_message retries with back-off).
MAX_ATTEMPTS = 5
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Merhav-Signature"


class WebhookFailed(Exception):
    """The endpoint did not accept the delivery (an error status, a refused connection, a time-out)."""


def clean_url(url: str) -> str:
    """An endpoint's address as stored; https only in production, no credentials in it."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError({"url": _("Enter the full address of the endpoint, starting with https://.")})
    if parts.scheme != "https" and settings.PRODUCTION:
        raise ValidationError({"url": _("In production the webhook's address must start with https://.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("Do not put a user name or password in the address.")})
    if refused_address(parts.hostname):
        raise ValidationError({"url": _(
            "This address is on an internal network. Ask the system administrator to allow that network "
            "for webhooks, or use the endpoint's public address.")})
    return url[:500]


def refused_address(host: str) -> str | None:
    """The first address `host` resolves to that a webhook may not reach, or None: anything that is not a
    public address (loopback, private, link-local such as the cloud's metadata address, reserved, multicast)
    unless settings.MERHAV_WEBHOOK_ALLOWED_NETWORKS lists its network. Checked when the endpoint is saved and
    again before every attempt (a name may resolve elsewhere later). A name that does not resolve is not
    refused here: the attempt fails to connect and is counted like any other failure."""
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return None
    allowed = [ipaddress.ip_network(net.strip(), strict=False)
               for net in settings.MERHAV_WEBHOOK_ALLOWED_NETWORKS if net.strip()]
    for *_rest, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if getattr(address, "ipv4_mapped", None):
            address = address.ipv4_mapped  # type: ignore[union-attr]
        if any(address.version == net.version and address in net for net in allowed):
            continue
        if not address.is_global or address.is_multicast:
            return str(address)
    return None


def payload(issued: IssuedMessage) -> dict:
    """What the emergency systems receive (also the API's shape of an issued message)."""
    return {
        "id": issued.pk,
        "authority": issued.authority.slug,
        "emergency": issued.emergency_id,
        "scenario": issued.scenario,
        "channel": issued.channel,
        "language": issued.language,
        "title": issued.title,
        "text": issued.text,
        "values": issued.values,
        "issued_at": issued.issued_at.isoformat(),
    }


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", as the receiver checks it: `t=<timestamp>,v1=<hex>`."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310 (clean_url: http(s) only)
    # No redirects are followed: a redirect is an answer the endpoint must fix.
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        # The scheme was checked (clean_url: http or https only) before this call.
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def deliver_webhook(*, delivery_id: int) -> str:
    """One attempt (called by the worker): POST the signed JSON; a 2xx is delivered. Otherwise the attempt
    is counted and WebhookFailed raised, so that the worker retries; the last attempt marks it failed
    and tells the authority's admins."""
    with scopes_disabled():
        delivery = (WebhookDelivery.objects.select_related("endpoint", "issued__authority")
                    .filter(pk=delivery_id).first())
    if delivery is None or delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        return "skipped"
    endpoint = delivery.endpoint
    body = json.dumps(payload(delivery.issued), ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(timezone.now().timestamp()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Merhav-Webhook/1",
        SIGNATURE_HEADER: signature(endpoint.secret, timestamp, body),
        "X-Merhav-Delivery": str(delivery.pk),
    }
    status_code: int | None = None
    error_name = ""
    try:
        clean_url(endpoint.url)
        status_code = _post(endpoint.url, body, headers)
    except ValidationError:  # not https in production, or an address webhooks may not reach
        error_name = "RefusedURL"
    except (OSError, ValueError) as error:  # refused, time-out, DNS, TLS
        error_name = type(error).__name__
    with scopes_disabled():  # the worker has no request: the delivery's id says which row
        rows = WebhookDelivery.objects.filter(pk=delivery.pk)
        if status_code is not None and 200 <= status_code < 300:
            rows.update(status=WebhookDelivery.Status.DELIVERED, attempts=F("attempts") + 1,
                        last_status_code=status_code, last_error="", delivered_at=timezone.now(),
                        updated_at=timezone.now())
            return "delivered"
        final = delivery.attempts + 1 >= MAX_ATTEMPTS
        rows.update(
            status=WebhookDelivery.Status.FAILED if final else WebhookDelivery.Status.RETRYING,
            attempts=F("attempts") + 1, last_status_code=status_code,
            last_error=(error_name or f"HTTP {status_code}")[:200], updated_at=timezone.now(),
        )
    if final:
        _tell_admins(delivery)
    raise WebhookFailed(error_name or f"HTTP {status_code}")


def _tell_admins(delivery: WebhookDelivery) -> None:
    authority = delivery.issued.authority
    url = page(authority.slug, "issued_detail", issued_message_id=delivery.issued_id)
    name = delivery.endpoint.name
    for person in members_with(authority.pk, (Role.AUTHORITY_ADMIN, Role.CEO)):
        send_notification(
            recipient=person, kind="emergency.webhook_failed", authority=authority, url=url,
            title=gettext_lazy("An issued message did not reach the emergency systems"),
            body=lambda: _("The delivery to %(name)s failed after every retry. Check the endpoint and send the "
                           "message by another channel.") % {"name": name},
            dedupe_key=f"emergency:delivery:{delivery.pk}:failed:{person.pk}",
        )
