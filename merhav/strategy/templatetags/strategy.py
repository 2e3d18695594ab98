"""Number formats of the plan's pages: sums of money with a thousands separator (Hebrew and Arabic pages
write 1,530,000 as English ones do; Django's Hebrew formats group nothing)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    if value in (None, ""):
        return "—"
    return f"{Decimal(value):,.0f}"
