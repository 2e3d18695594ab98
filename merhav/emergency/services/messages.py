"""Sealed messages (הודעות נצורות): drafted by the public-information head, approved by the CEO, issued
during an emergency with every placeholder filled. Any change after approval withdraws it; every saved
version is kept (MessageVersion)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, lock_current
from merhav.notify.services import send_notification
from merhav.tenancy.models import Authority
from merhav.tenancy.policy import role_in
from merhav.tenancy.roles import Role

from ..models import (
    Channel,
    Emergency,
    IssuedMessage,
    MessageLanguage,
    MessageVersion,
    Scenario,
    SealedMessage,
)
from ..people import members_with, page
from .emergencies import count_on, system_entry
from .webhooks import queue_deliveries

PLACEHOLDER = re.compile(r"\{([a-z_]{1,40})\}")
# Characters an SMS carries in the GSM 7-bit alphabet (the rest, e.g. Hebrew and Arabic, force UCS-2).
GSM_7BIT = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)


def placeholders(text: str) -> list[str]:
    """The placeholders of a text ({neighbourhood}, {time}, …), each once, in order."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text or "")))


@dataclass(frozen=True)
class SmsLength:
    characters: int
    segments: int
    unicode: bool


def sms_length(text: str) -> SmsLength:
    """Characters and parts of an SMS: Hebrew or Arabic text goes as UCS-2, 70 characters in one part and
    67 per part when longer; GSM 7-bit text 160, and 153 per part."""
    unicode = any(ch not in GSM_7BIT for ch in text)
    single, multi = (70, 67) if unicode else (160, 153)
    n = len(text)
    segments = 0 if n == 0 else 1 if n <= single else -(-n // multi)
    return SmsLength(characters=n, segments=segments, unicode=unicode)


def _clean(*, scenario: str, channel: str, language: str, title: str, body: str) -> dict[str, str]:
    errors = {}
    title = (title or "").strip()
    body = (body or "").replace("\r\n", "\n").strip()
    if scenario not in Scenario.values:
        errors["scenario"] = _("Choose the scenario.")
    if channel not in Channel.values:
        errors["channel"] = _("Choose the channel.")
    if language not in MessageLanguage.values:
        errors["language"] = _("Choose the language.")
    if not title:
        errors["title"] = _("Give the message a title.")
    if not body:
        errors["body"] = _("Write the message.")
    if errors:
        raise ValidationError(errors)
    return {"scenario": scenario, "channel": channel, "language": language, "title": title[:200], "body": body[:5000]}


def _keep_version(message: SealedMessage) -> None:
    MessageVersion.objects.create(
        authority_id=message.authority_id, message=message, number=message.version, title=message.title,
        body=message.body, status=message.status, saved_by=context.current_user(),
    )


def _tell_ceos(message: SealedMessage, *, authority: Authority, withdrawn: bool) -> None:
    url = page(authority.slug, "message_detail", sealed_message_id=message.pk)
    title_text = message.title
    version = message.version
    for ceo in members_with(authority.pk, (Role.CEO,)):
        send_notification(
            recipient=ceo, kind="emergency.message_to_approve", authority=authority, url=url,
            title=(gettext_lazy("A sealed message's approval was withdrawn by an edit") if withdrawn
                   else gettext_lazy("A sealed message waits for your approval")),
            body=lambda: _("%(title)s: review it and approve it before it is needed.") % {"title": title_text},
            dedupe_key=f"emergency:message:{message.pk}:v{version}:{ceo.pk}",
        )


def create_message(
    *, authority: Authority, scenario: str, channel: str, language: str, title: str, body: str
) -> SealedMessage:
    """A new sealed message, as a draft; the CEO is asked to approve it."""
    values = _clean(scenario=scenario, channel=channel, language=language, title=title, body=body)
    user = context.current_user()
    with transaction.atomic(), scope(authority=authority):
        message = SealedMessage.objects.create(authority=authority, created_by=user, updated_by=user, **values)
        _keep_version(message)
        record(action=Action.CREATE, obj=message, fields=list(values))
        _tell_ceos(message, authority=authority, withdrawn=False)
    return message


def update_message(
    *, message: SealedMessage, version: int, scenario: str, channel: str, language: str, title: str, body: str
) -> list[str]:
    """Save an edit made from `version`: any change of an approved message withdraws its approval (the CEO
    is told). Returns the changed fields; StaleVersion when someone saved since."""
    values = _clean(scenario=scenario, channel=channel, language=language, title=title, body=body)
    with transaction.atomic(), scope(authority=message.authority_id):
        current: SealedMessage = lock_current(SealedMessage.objects.select_related("authority"), pk=message.pk,
                                              version=version)
        was_approved = current.is_approved
        changes: dict = dict(values)
        if was_approved:
            changes.update(status=SealedMessage.Status.DRAFT, approved_by=None, approved_at=None)
        changed = apply_changes(current, {**changes, "updated_by": context.current_user()}) if any(
            getattr(current, name) != value for name, value in values.items()) else []
        changed = [name for name in changed if name != "updated_by"]
        if changed:
            _keep_version(current)
            record(action=Action.UPDATE, obj=current, fields=changed)
            _tell_ceos(current, authority=current.authority, withdrawn=was_approved)
    return changed


def approve_message(*, message: SealedMessage, version: int) -> SealedMessage:
    """The CEO approves the message as it is at `version`: it is ready to issue."""
    user = context.current_user()
    with transaction.atomic(), scope(authority=message.authority_id):
        if user is None or role_in(user, message) != Role.CEO:
            raise PermissionDenied(_("Only the CEO approves sealed messages."))
        current: SealedMessage = lock_current(SealedMessage.objects, pk=message.pk, version=version)
        if current.is_approved:
            return current
        apply_changes(current, {"status": SealedMessage.Status.APPROVED, "approved_by": user,
                                "approved_at": timezone.now()})
        _keep_version(current)
        record(action=Action.UPDATE, obj=current, fields=["status"])
    return current


def preview_message(*, message: SealedMessage, values: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The text with the placeholders filled, and an error for each placeholder left empty."""
    filled = {name: " ".join(str(values.get(name) or "").split()) for name in placeholders(message.body)}
    errors = {name: _("Fill in this value: every placeholder is required.") for name, value in filled.items()
              if not value}
    text = PLACEHOLDER.sub(lambda m: filled.get(m.group(1), m.group(0)) or m.group(0), message.body)
    return text, errors


def issue_message(*, emergency: Emergency, message: SealedMessage, values: Mapping[str, str]) -> IssuedMessage:
    """Issue an approved message during an active emergency, every placeholder filled. The issue log keeps
    who, when and the final text; the authority's emergency systems receive it (API and signed webhook)."""
    with transaction.atomic(), scope(authority=emergency.authority_id):
        current_emergency: Emergency = lock_current(Emergency.objects, version=None, pk=emergency.pk)
        current: SealedMessage = lock_current(SealedMessage.objects, version=None, pk=message.pk)
        if current.authority_id != current_emergency.authority_id:
            raise ValidationError({"message": _("Choose a message of this authority.")})
        if not current_emergency.is_active:
            raise ValidationError({"message": _("Messages are issued only while the emergency is active.")})
        if not current.is_approved:
            raise ValidationError({"message": _(
                "This message is not approved (or its approval was withdrawn by an edit): the CEO must approve "
                "it before it is issued.")})
        text, errors = preview_message(message=current, values=values)
        if errors:
            raise ValidationError({f"value_{name}": error for name, error in errors.items()})
        filled = {name: " ".join(str(values.get(name) or "").split())[:500] for name in placeholders(current.body)}
        issued = IssuedMessage.objects.create(
            authority_id=current.authority_id, emergency=current_emergency, message=current,
            message_version=current.version, scenario=current.scenario, channel=current.channel,
            language=current.language, title=current.title, text=text, values=filled,
            issued_by=context.current_user(),
        )
        system_entry(current_emergency, f"issued:{issued.pk}")
        count_on(current_emergency.pk, "issued_count")
        record(action=Action.CREATE, obj=issued, fields=["message", "text", "values"])
        queue_deliveries(issued)
    return issued
