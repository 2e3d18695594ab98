"""Rows of the oversight's breakdown tables, made in Python: a table of a hundred owners has five hundred
number cells, and each cell as template nodes (a loop, a lookup, a translated label, a localized number)
cost more than the rest of the page. The same HTML as the template it replaces (`_outcome_table.html`)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from merhav.ui.formatting import number

from ..selectors.oversight import ACTION_OUTCOMES

register = template.Library()


@register.simple_tag
def outcome_rows(rows, total_label) -> SafeString:
    labels = [conditional_escape(str(label)) for _name, label in ACTION_OUTCOMES]
    names = [name for name, _label in ACTION_OUTCOMES]
    total = conditional_escape(str(total_label))
    html = []
    for row in rows:
        cells = "".join(f'<td class="num" data-label="{label}">{number(getattr(row, name))}</td>'
                        for name, label in zip(names, labels, strict=True))
        html.append(format_html('<tr><th scope="row"><bdi>{}</bdi></th>{}<td class="num" data-label="{}">{}</td></tr>',
                                row.label, mark_safe(cells), total, number(row.total)))  # noqa: S308 (escaped above)
    return mark_safe("\n    ".join(html))  # noqa: S308 (format_html escaped every value)
