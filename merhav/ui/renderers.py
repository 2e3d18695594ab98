"""The form renderer: Django's own, with its standard field, label, error-list and widget templates written in
Python (FORM_RENDERER in settings).

Every input, select option, label and error list of a Django form is a template include; a filter form with a
few selects costs hundreds of template nodes per page (3–4 ms of CPU on a list page, measured with
bench/profile_page.py). These functions give byte-for-byte the same HTML as Django's templates
(merhav/ui/tests/test_form_renderer.py compares them on every widget kind), in a tenth of the time, with one
difference: a help text is escaped unless marked safe (Django prints it as HTML; ours may carry data). A widget
or form with another template (ours, or one overridden in an app's templates/django/forms/) goes through
the templates as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime


def _text(value: Any) -> str:
    """{{ value }} with autoescape: local time, localized, then escaped unless safe."""
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value: Any) -> str:
    """{{ value|stringformat:'s' }}: the filter keeps a safe value safe."""
    text = "%s" % value  # noqa: UP031 (exactly what the filter does)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict | None) -> str:
    if not attrs:
        return ""
    return "".join(
        f" {_text(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class FastFormRenderer(DjangoTemplates):
    def __init__(self) -> None:
        super().__init__()
        widgets = "django/forms/widgets/"
        input_like = ("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password",
                      "search", "tel", "text", "time", "url")
        self.fast: dict[str, Callable[[dict], str]] = {
            f"{widgets}input.html": self._input,
            **{f"{widgets}{name}.html": self._input_included for name in input_like},
            f"{widgets}select.html": self._select,
            f"{widgets}select_option.html": self._select_option,
            f"{widgets}textarea.html": self._textarea,
            f"{widgets}radio.html": self._multiple_input,
            f"{widgets}checkbox_select.html": self._multiple_input,
            f"{widgets}multiple_input.html": self._multiple_input,
            f"{widgets}input_option.html": self._input_option,
            f"{widgets}radio_option.html": self._input_option_included,
            f"{widgets}checkbox_option.html": self._input_option_included,
            "django/forms/field.html": self._field,
            "django/forms/label.html": self._label,
            "django/forms/errors/list/default.html": self._error_list,
            "django/forms/errors/list/ul.html": self._error_list,
        }

    def render(self, template_name, context, request=None):
        fast = self.fast.get(template_name)
        if fast is None:
            return super().render(template_name, context, request=request)
        # Django's renderer strips what its template gives (an {% include %} inside a template does not).
        return mark_safe(fast(context).strip())  # noqa: S308 (every value in it went through _text or _formatted)

    def _include(self, template_name: str, context: dict) -> str:
        fast = self.fast.get(template_name)
        return fast(context) if fast else self.get_template(template_name).render(context)

    # --- widgets ---------------------------------------------------------------------------------------------

    def _input(self, context: dict) -> str:
        widget = context["widget"]
        value = widget.get("value")
        shown = f' value="{_formatted(value)}"' if value is not None else ""
        return (f'<input type="{_text(widget.get("type", ""))}" name="{_text(widget["name"])}"{shown}'
                f"{_attrs(widget.get('attrs'))}>\n")

    def _input_included(self, context: dict) -> str:
        return self._input(context) + "\n"

    def _select(self, context: dict) -> str:
        widget = context["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget.get("attrs"))}>']
        for group_name, group_choices, _group_index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                parts.append("\n  " + self._include(option["template_name"], {"widget": option}))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>\n")
        return "".join(parts)

    def _select_option(self, context: dict) -> str:
        widget = context["widget"]
        return (f'<option value="{_formatted(widget["value"])}"{_attrs(widget.get("attrs"))}>'
                f"{_text(widget['label'])}</option>\n")

    def _textarea(self, context: dict) -> str:
        widget = context["widget"]
        value = widget.get("value")
        return (f'<textarea name="{_text(widget["name"])}"{_attrs(widget.get("attrs"))}>\n'
                f"{_text(value) if value else ''}</textarea>\n")

    def _multiple_input(self, context: dict) -> str:
        widget = context["widget"]
        attrs = widget.get("attrs") or {}
        parts = ["<div"]
        if attrs.get("id"):
            parts.append(f' id="{_text(attrs["id"])}"')
        if attrs.get("class"):
            parts.append(f' class="{_text(attrs["class"])}"')
        parts.append(">")
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{_text(group)}</label>")
            for option in options:
                parts.append("<div>\n    " + self._include(option["template_name"], {"widget": option}) + "</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>\n")
        return "".join(parts)

    def _input_option(self, context: dict) -> str:
        widget = context["widget"]
        attrs = widget.get("attrs") or {}
        if not widget.get("wrap_label"):
            return self._input(context) + "\n"
        label_for = f' for="{_text(attrs["id"])}"' if attrs.get("id") else ""
        return f"<label{label_for}>{self._input(context)} {_text(widget['label'])}</label>\n"

    def _input_option_included(self, context: dict) -> str:
        return self._input_option(context) + "\n"

    # --- fields, labels, errors ------------------------------------------------------------------------------

    def _field(self, context: dict) -> str:
        field = context["field"]
        parts = []
        if field.use_fieldset:
            described = f' aria-describedby="{_text(field.aria_describedby)}"' if field.aria_describedby else ""
            parts.append(f"\n  <fieldset{described}>\n  {field.legend_tag() if field.label else ''}\n")
        else:
            parts.append(f"\n  {field.label_tag() if field.label else ''}\n")
        parts.append("\n")
        if field.help_text:
            helptext_id = f' id="{_text(field.auto_id)}_helptext"' if field.auto_id else ""
            # Escaped unless marked safe (Django's templates print help_text as HTML): a help text may carry data,
            # e.g. the intake questionnaire's questions, written by an authority's staff.
            parts.append(f'<div class="helptext"{helptext_id}>{conditional_escape(field.help_text)}</div>')
        parts.append(f"\n{field.errors}\n{field}{'</fieldset>' if field.use_fieldset else ''}\n")
        return "".join(parts)

    def _label(self, context: dict) -> str:
        label = _text(context["label"])
        if not context.get("use_tag"):
            return f"{label}\n"
        tag = _text(context["tag"])
        return f"<{tag}{_attrs(context.get('attrs'))}>{label}</{tag}>\n"

    def _error_list(self, context: dict) -> str:
        errors = context["errors"]
        if not errors:
            return ""
        field_id = getattr(errors, "field_id", None)
        error_id = f' id="{_text(field_id)}_error"' if field_id else ""
        items = "".join(f"<li>{_text(error)}</li>" for error in errors)
        return f'<ul class="{_text(context["error_class"])}"{error_id}>{items}</ul>'
