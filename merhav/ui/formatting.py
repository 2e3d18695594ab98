"""Numbers and dates formatted once in Python, for pages that print hundreds of them.

`{{ value }}` on an int runs Django's localize() (format lookups, the number formatter) and
`{{ day|date:"SHORT_DATE_FORMAT" }}` builds a DateFormat and parses its format string: a few microseconds
each, which a table of a thousand cells turns into milliseconds per request. Merhav shows whole numbers
without grouping and dates as dd.mm.yyyy in every language (merhav/formats/), so a str() and a strftime()
give the same text (merhav/ui/tests/test_formatting.py holds them to Django's output in he, ar and en).
Hand the template the string: `{{ cell }}` of a str is not localized again.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def number(value: int | None) -> str:
    """A whole number as Merhav prints it (no thousands separator): the same as {{ value }} in a template."""
    return "" if value is None else str(int(value))


def short_date(value: date | datetime | None) -> str:
    """dd.mm.yyyy (a datetime in the local time zone): the same as {{ value|date:"SHORT_DATE_FORMAT" }}."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y")


def iso_date(value: date | datetime | None) -> str:
    """yyyy-mm-dd for <time datetime="…">: the same as {{ value|date:"Y-m-d" }}."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")
