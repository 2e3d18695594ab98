from django import template
from django.utils.html import format_html

from merhav.core.submit_once import FIELD, new_token

register = template.Library()


@register.simple_tag
def submit_once_field() -> str:
    """The hidden one-time token of a create form (merhav.core.submit_once): a second submit of the same
    form lands on the first one's result instead of creating again."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()
