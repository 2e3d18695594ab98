"""Configuring the questionnaire: who owns each section, and its questions. A question is never edited
in place: a revision is added and the old one retired, so that the answers given to it stay readable."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.tenancy.models import Authority, Department

from ..models import SectionField, SectionKey, SectionSetting

Kind = SectionField.Kind
CHOICE_KINDS = (Kind.CHOICE, Kind.MULTIPLE)


def _check(authority: Authority | SectionField) -> None:
    user = context.current_user()
    if user is not None and not user.has_perm("intake.configure", authority):
        raise PermissionDenied("intake.configure")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    label = str(values.get("label") or "").strip()
    purpose = str(values.get("purpose") or "").strip()
    kind = values.get("kind") or Kind.TEXT
    choices = values.get("choices") or []
    if isinstance(choices, str):
        choices = choices.splitlines()
    choices = list(dict.fromkeys(str(c).strip() for c in choices if str(c).strip()))
    if not label:
        errors["label"] = [_("This field is required.")]
    if not purpose:
        errors["purpose"] = [_("Say why this question is asked: the law requires a purpose for each item of "
                               "personal data.")]
    if kind not in Kind.values:
        errors["kind"] = [_("Select a valid choice. That choice is not one of the available choices.")]
    if kind in CHOICE_KINDS and len(choices) < 2:
        errors["choices"] = [_("Give at least two choices, one a line.")]
    if errors:
        raise ValidationError(errors)
    return {
        "label": label[:200], "purpose": purpose[:300], "kind": kind,
        "choices": choices if kind in CHOICE_KINDS else [],
        "required": bool(values.get("required")), "help_text": str(values.get("help_text") or "").strip()[:300],
    }


def add_field(*, authority: Authority, section: str, values: dict[str, Any]) -> SectionField:
    _check(authority)
    if section not in SectionKey.values:
        raise ValidationError({"section": [_("Unknown section.")]})
    cleaned = _clean(values)
    with transaction.atomic(), scope(authority=authority):
        existing = SectionField.objects.filter(authority=authority, section=section)
        base = slugify(values.get("key") or "", allow_unicode=False)[:40] or "q"
        key, number = base, 1
        taken = set(existing.values_list("key", flat=True))
        while key in taken:
            number += 1
            key = f"{base}-{number}"
        order = (existing.filter(is_current=True).aggregate(m=Max("order"))["m"] or 0) + 1
        field = SectionField.objects.create(authority=authority, section=section, key=key, order=order,
                                            created_by=context.current_user(), **cleaned)
        record(action=Action.CREATE, obj=field, fields=sorted(cleaned))
    return field


def revise_field(*, field: SectionField, values: dict[str, Any]) -> SectionField:
    """A new revision of the question; the answers given to the old one keep its wording."""
    _check(field)
    cleaned = _clean(values)
    with transaction.atomic(), scope(authority=field.authority_id):
        current = SectionField.objects.select_for_update().get(pk=field.pk, is_current=True)
        changed = [name for name, value in cleaned.items() if getattr(current, name) != value]
        if not changed:
            return current
        SectionField.objects.filter(pk=current.pk).update(is_current=False)
        revised = SectionField.objects.create(
            authority_id=current.authority_id, section=current.section, key=current.key,
            revision=current.revision + 1, order=current.order, created_by=context.current_user(), **cleaned,
        )
        record(action=Action.UPDATE, obj=revised, fields=changed)
    return revised


def retire_field(*, field: SectionField) -> None:
    """The question is no longer asked; its answers stay readable."""
    _check(field)
    with transaction.atomic(), scope(authority=field.authority_id):
        SectionField.objects.filter(pk=field.pk).update(is_current=False)
        record(action=Action.DELETE, obj=field)


def set_section_owner(*, authority: Authority, section: str, department: Department | None) -> None:
    _check(authority)
    if section not in SectionKey.values:
        raise ValidationError({"section": [_("Unknown section.")]})
    if department is not None and department.authority_id != authority.pk:
        raise ValidationError({"department": [_("Select a valid choice. That choice is not one of the available "
                                                "choices.")]})
    with transaction.atomic(), scope(authority=authority):
        setting, created = SectionSetting.objects.get_or_create(authority=authority, section=section,
                                                                defaults={"department": department})
        if not created and setting.department_id != (department.pk if department else None):
            setting.department = department
            setting.version += 1
            setting.save(update_fields=["department", "version"])
        elif not created:
            return
        record(action=Action.UPDATE, obj=setting, fields=["department"])
