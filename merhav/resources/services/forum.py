"""The cross-sector forum: its members (partners and departments), meetings and decisions."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.tenancy.models import Authority, Department

from ..models import ForumDecision, ForumMeeting, ForumMember, Partner
from .catalog import required


def add_forum_member(*, authority: Authority, partner: Partner | None = None, department: Department | None = None,
                     role_note: str = "") -> ForumMember:
    if partner is None and department is None:
        raise ValidationError({"partner": _("Choose a partner or a department.")})
    for field, obj in (("partner", partner), ("department", department)):
        if obj is not None and obj.authority_id != authority.pk:
            raise ValidationError({field: _("Select a valid choice. That choice is not one of the available "
                                            "choices.")})
    with transaction.atomic(), scope(authority=authority):
        existing = ForumMember.objects.filter(authority=authority, partner=partner, department=department).first()
        if existing is not None:
            raise ValidationError({"partner": _("Already a member of the forum.")})
        member = ForumMember.objects.create(authority=authority, partner=partner, department=department,
                                            role_note=(role_note or "").strip()[:150])
        record(action=Action.CREATE, obj=member, fields=["partner" if partner else "department"])
    return member


def create_forum_meeting(*, authority: Authority, title: str, held_on: date | None, summary: str = "") -> ForumMeeting:
    errors = {}
    if not (title or "").strip():
        errors["title"] = required()
    if held_on is None:
        errors["held_on"] = required()
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scope(authority=authority):
        meeting = ForumMeeting.objects.create(authority=authority, title=title.strip()[:200], held_on=cast(date, held_on),
                                              summary=(summary or "").replace("\r\n", "\n").strip(),
                                              created_by=context.current_user())
        record(action=Action.CREATE, obj=meeting, fields=["title", "held_on"])
    return meeting


def add_forum_decision(*, meeting: ForumMeeting, text: str, owner: str = "", due_on: date | None = None) -> ForumDecision:
    if not (text or "").strip():
        raise ValidationError({"text": required()})
    with transaction.atomic(), scope(authority=meeting.authority_id):
        decision = ForumDecision.objects.create(authority_id=meeting.authority_id, meeting=meeting,
                                                text=text.strip()[:5000], owner=(owner or "").strip()[:150],
                                                due_on=due_on)
        record(action=Action.CREATE, obj=decision, fields=["text"])
    return decision
