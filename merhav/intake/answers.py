"""Answers to configured questions: how each kind is stored (JSON) and shown. The service checks what
the form checked, since the API sends values straight to it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .models import SectionField

Kind = SectionField.Kind
YES, NO = "yes", "no"


class AnswerError(ValueError):
    pass


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def to_stored(field: SectionField, value: Any) -> Any:
    """The value as stored for this question, or AnswerError with a message in the user's language."""
    if is_empty(value):
        if field.required:
            raise AnswerError(_("This field is required."))
        return None
    if field.kind == Kind.TEXT:
        text = str(value).strip()
        if len(text) > 2000:
            raise AnswerError(_("Ensure this value has at most 2000 characters."))
        return text
    if field.kind == Kind.NUMBER:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise AnswerError(_("Enter a number.")) from None
        if not number.is_finite() or abs(number) >= Decimal(10) ** 12:
            raise AnswerError(_("Enter a number."))
        return format(number.normalize(), "f")
    if field.kind == Kind.DATE:
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise AnswerError(_("Enter the date as dd.mm.yyyy, e.g. 12.11.2026.")) from None
    if field.kind == Kind.CHOICE:
        if str(value) not in field.choices:
            raise AnswerError(_("Select a valid choice. That choice is not one of the available choices."))
        return str(value)
    if field.kind == Kind.MULTIPLE:
        values = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
        if any(v not in field.choices for v in values):
            raise AnswerError(_("Select a valid choice. That choice is not one of the available choices."))
        return [c for c in field.choices if c in values]
    if field.kind == Kind.YES_NO:
        if value in (True, YES):
            return YES
        if value in (False, NO):
            return NO
        raise AnswerError(_("Answer yes or no."))
    raise AnswerError(_("Unknown kind of question."))


def shown(field: SectionField, value: Any) -> str:
    """The stored value as a person reads it, in the active language."""
    if is_empty(value):
        return ""
    if field.kind == Kind.DATE:
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return str(value)
    if field.kind == Kind.MULTIPLE and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field.kind == Kind.YES_NO:
        return _("Yes") if value == YES else _("No")
    return str(value)


def to_form(field: SectionField, value: Any) -> Any:
    """The stored value as the form's initial value."""
    if field.kind == Kind.DATE and value:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
    return value
