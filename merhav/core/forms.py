"""Form fields every app shares. Here, in the core, so that a form of any layer can use them.

Dates are typed as text in dd.mm.yyyy. The browser's own date control (`<input type="date">`) shows
the format of the browser's locale, not the page's: an English-locale browser shows mm/dd/yyyy on a
Hebrew page and turns "12112026" into 11 December. A text field says the format beside its label and
reads what an Israeli user types: 12.11.2026, 12/11/2026, 12-11-2026, 12112026; the ISO form
(2026-11-12) is accepted too, for old links and scripts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

DATE_DISPLAY_FORMAT = "%d.%m.%Y"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%d%m%Y", "%Y-%m-%d"]
DATE_FORMAT_HINT = _("Format: dd.mm.yyyy, e.g. 12.11.2026.")


class DateInput(forms.DateInput):
    """A text input that shows and takes dd.mm.yyyy (see the module's docstring for why not type=date)."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None):
        attrs = {"autocomplete": "off", "spellcheck": "false", "size": "10", "class": "date-input", **(attrs or {})}
        attrs.pop("type", None)  # a type=date left over from an older form would bring the misleading control back
        super().__init__(attrs=attrs, format=DATE_DISPLAY_FORMAT)


class DateField(forms.DateField):
    """A date typed as dd.mm.yyyy; its help text starts with the expected format."""

    widget = DateInput
    default_error_messages = {"invalid": _("Enter the date as dd.mm.yyyy, e.g. 12.11.2026.")}

    def __init__(self, *, help_text: str | Promise = "", **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        help_text = format_lazy("{} {}", DATE_FORMAT_HINT, help_text) if help_text else DATE_FORMAT_HINT
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
        day = super().to_python(value)
        if day is not None and day.year < 1900:  # "1.2.26" would otherwise be the year 26
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day
