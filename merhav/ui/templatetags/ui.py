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


@register.inclusion_tag("ui/error_summary.html")
def error_summary(form) -> dict:
    """The box on top of a form that failed validation (the GOV.UK error summary): every error of the form,
    each a link to its field; the page focuses it on load (autofocus, and merhav.js where autofocus is not
    honoured). ui/form_fields.html includes it; a form rendered field by field calls {% error_summary form %}.
    """
    if form is None or not getattr(form, "is_bound", False) or not form.errors:
        return {"errors": []}
    errors = [{"message": message, "target": "", "label": ""} for message in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        target = "" if field.is_hidden else (field.id_for_label or field.auto_id or "")
        label = "" if field.is_hidden else field.label
        errors.extend({"message": message, "target": target, "label": label} for message in field.errors)
    name = form.add_prefix("error-summary")
    auto_id = form.auto_id if isinstance(form.auto_id, str) and "%s" in form.auto_id else "%s"
    return {"errors": errors, "summary_id": auto_id % name}


@register.filter
def whole_minutes(duration) -> int:
    """A timedelta in whole minutes, rounded up (at least 1): "blocked for N minutes" never says 0."""
    seconds = int(duration.total_seconds()) if duration else 0
    return max(1, -(-seconds // 60))


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    """base.html's <header>: the brand, the language buttons, the authority switcher, the account links and
    the module navigation, made in Python (merhav.ui.shell)."""
    from merhav.ui.shell import site_header as header

    return header(context)
