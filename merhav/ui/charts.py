"""Charts drawn on the server as SVG: no JavaScript, no CDN, readable by screen readers.

bar_chart() draws horizontal bars, stacked when there are several series, one row per category. Each
chart is an <svg role="img"> labelled by its own <title> and <desc> (aria-labelledby); every bar segment
has a <title> with its category, series and value. The layout follows the page's direction: in Hebrew
and Arabic the labels stand on the right and the bars grow to the left. Pages always put a table with
the same numbers beside the chart (the chart is a picture of the table, never the only copy).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart also by their order and
# by the legend; segments are separated by a white line.
PALETTE = ("#1f6b36", "#8a5a00", "#a4161a", "#005fa3", "#5b3f8c", "#41484f", "#0b6e6e", "#7a2e5a")

_ids = itertools.count(1)


def _truncate(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | float]]],
    description: str = "",
    colors: Sequence[str] | None = None,
    rtl: bool | None = None,
    width: int = 640,
    label_width: int = 200,
    row_height: int = 28,
    chart_id: str | None = None,
) -> SafeString:
    """An accessible horizontal (stacked) bar chart.

    categories: one label per row; series: (name, values per category) — several series are stacked.
    rtl: right-to-left layout (default: the active language's direction).
    """
    rtl = get_language_bidi() if rtl is None else rtl
    colors = tuple(colors or PALETTE)
    chart_id = chart_id or f"chart-{next(_ids)}"
    pad = 8
    value_width = 56
    legend_height = 24 if len(series) > 1 else 0
    bar_area = max(40, width - label_width - value_width - 3 * pad)
    totals = [sum(values[i] or 0 for _name, values in series) for i in range(len(categories))]
    largest = max(totals, default=0) or 1
    height = legend_height + pad * 2 + row_height * max(1, len(categories))

    def x(offset: float, length: float = 0) -> float:
        """Logical → physical: offset measured from the inline start of the drawing."""
        return round(width - offset - length, 2) if rtl else round(offset, 2)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" direction="{"rtl" if rtl else "ltr"}" '
        f'aria-labelledby="{chart_id}-title{f" {chart_id}-desc" if description else ""}" '
        f'font-family="system-ui, Arial, sans-serif" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    if description:
        parts.append(f'<desc id="{chart_id}-desc">{escape(description)}</desc>')
    # Legend: a swatch and a name per series, laid out along the inline axis.
    if legend_height:
        offset = pad
        for n, (name, _values) in enumerate(series):
            label = _truncate(name, 24)
            parts.append(
                f'<rect x="{x(offset, 12)}" y="{pad}" width="12" height="12" fill="{colors[n % len(colors)]}"/>'
                f'<text x="{x(offset + 16)}" y="{pad + 11}" text-anchor="start">{escape(label)}</text>'
            )
            offset += 16 + 7.5 * len(label) + 18
    top = legend_height + pad
    bar_start = label_width + 2 * pad
    if not categories:
        parts.append(f'<text x="{x(pad)}" y="{top + row_height / 2 + 4}" text-anchor="start">—</text>')
    for row, category in enumerate(categories):
        y = top + row * row_height
        bar_y = y + 6
        bar_height = row_height - 12
        parts.append(f'<g><title>{escape(category)}: {totals[row]:g}</title>')
        parts.append(
            f'<text x="{x(pad)}" y="{y + row_height / 2 + 4}" text-anchor="start">'
            f'{escape(_truncate(category, max(8, label_width // 8)))}</text>'
        )
        offset = bar_start
        for n, (name, values) in enumerate(series):
            value = values[row] or 0
            if value <= 0:
                continue
            length = bar_area * value / largest
            parts.append(
                f'<rect x="{x(offset, length)}" y="{bar_y}" width="{round(length, 2)}" height="{bar_height}" '
                f'fill="{colors[n % len(colors)]}" stroke="#ffffff" stroke-width="1">'
                f"<title>{escape(category)} — {escape(name)}: {value:g}</title></rect>"
            )
            offset += length
        parts.append(
            f'<text x="{x(offset + 4)}" y="{y + row_height / 2 + 4}" text-anchor="start" font-weight="bold">'
            f"{totals[row]:g}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
