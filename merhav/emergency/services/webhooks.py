"""The outgoing webhook: every issued message is POSTed, as JSON and signed with the endpoint's secret,
to each active URL the authority configured for its emergency systems. The worker sends it, retries with
back-off, and the delivery's status is shown beside the message; a delivery that fails for good tells the
authority's admins. It is never silently dropped."""

from __future__ import annotations

import functools
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.tenancy.models import Authority

from ..delivery import clean_url
from ..models import IssuedMessage, WebhookDelivery, WebhookEndpoint
from ..tasks import deliver_issued_message


def add_webhook(*, authority: Authority, name: str, url: str) -> WebhookEndpoint:
    """Configure a URL of the authority's emergency systems; its signing secret is made here, shown once."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Name the system that receives the messages.")
    try:
        url = clean_url(url)
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scope(authority=authority):
        endpoint = WebhookEndpoint.objects.create(
            authority=authority, name=name[:100], url=url, secret=secrets.token_hex(32),
            created_by=context.current_user(),
        )
        record(action=Action.CREATE, obj=endpoint, fields=["name", "url"])
    return endpoint


def set_webhook_active(*, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    with transaction.atomic(), scope(authority=endpoint.authority_id):
        updated = WebhookEndpoint.objects.filter(pk=endpoint.pk).exclude(is_active=active).update(is_active=active)
        endpoint.is_active = active
        if updated:
            record(action=Action.UPDATE, obj=endpoint, fields=["is_active"])
    return endpoint


def queue_deliveries(issued: IssuedMessage) -> list[WebhookDelivery]:
    """One delivery per active endpoint, sent by the worker once the issuing transaction commits."""
    endpoints = list(WebhookEndpoint.objects.filter(authority_id=issued.authority_id, is_active=True))
    deliveries = WebhookDelivery.objects.bulk_create([
        WebhookDelivery(authority_id=issued.authority_id, issued=issued, endpoint=endpoint) for endpoint in endpoints
    ])
    for delivery in deliveries:
        transaction.on_commit(functools.partial(deliver_issued_message.enqueue, delivery_id=delivery.pk))
    return deliveries
