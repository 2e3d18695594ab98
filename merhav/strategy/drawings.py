"""The plan's drawings, as SVG drawn on the server (no JavaScript): the Gantt chart of the actions with their
dependencies, and the logic model's boxes and links. Each is an <svg role="img"> with its own <title>; the
pages put a table of the same data beside it. In Hebrew and Arabic the time axis and the columns run from
right to left. Every text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

from .models import LogicLink, LogicNode, PlanAction

STATUS_COLOURS = {
    PlanAction.Status.PLANNED: "#005fa3",
    PlanAction.Status.IN_PROGRESS: "#8a5a00",
    PlanAction.Status.DONE: "#1f6b36",
    PlanAction.Status.STOPPED: "#41484f",
}
LATE = "#a4161a"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _wrap(text: str, width: int, most: int) -> list[str]:
    """Whole words on up to `most` lines of about `width` characters (the last one cut with an ellipsis)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word[:width])
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = _cut(lines[-1] + " …", width)
    return lines


def _month_starts(first: date, last: date) -> list[date]:
    months, day = [], date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def gantt(actions: Sequence[PlanAction], *, title: str, today: date, rtl: bool | None = None,
          width: int = 960) -> SafeString:
    rtl = get_language_bidi() if rtl is None else rtl
    label_width, row, top, pad = 260, 22, 34, 6
    if not actions:
        return mark_safe("")
    first = min(a.start for a in actions)
    last = max(a.end for a in actions)
    months = _month_starts(first, last)
    first = months[0]
    span = max(1, (last - first).days + 1)
    area = width - label_width - 2 * pad
    height = top + row * len(actions) + pad

    def x(offset: float, length: float = 0) -> float:
        return round(width - offset - length, 1) if rtl else round(offset, 1)

    def at(day: date) -> float:
        return label_width + pad + area * (day - first).days / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="gantt-title" '
        f'font-family="system-ui, Arial, sans-serif" font-size="12">',
        f'<title id="gantt-title">{escape(title)}</title>',
        '<defs><marker id="gantt-arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M0,0 L6,3 L0,6 z" fill="#41484f"/></marker></defs>',
    ]
    step = max(1, len(months) // 24 + 1)
    for n, month in enumerate(months):
        mx = at(month)
        parts.append(f'<line x1="{x(mx)}" y1="{top - 8}" x2="{x(mx)}" y2="{height}" stroke="#d5d9dd"/>')
        if n % step == 0:
            parts.append(f'<text x="{x(mx + 2)}" y="{top - 12}" text-anchor="start">{month.month:02d}.{month.year % 100:02d}</text>')
    if first <= today <= last:
        tx = x(at(today))
        parts.append(f'<line x1="{tx}" y1="{top - 8}" x2="{tx}" y2="{height}" stroke="{LATE}" stroke-dasharray="4 3"/>')
    rows = {}
    for n, action in enumerate(actions):
        y = top + n * row
        rows[action.pk] = y
        start, length = at(action.start), max(3.0, at(action.end) - at(action.start) + area / span)
        colour = LATE if action.is_late else STATUS_COLOURS.get(action.status, "#005fa3")
        parts.append(
            f'<g><title>{escape(action.title)}: {action.start:%d.%m.%Y}–{action.end:%d.%m.%Y}, {action.progress}%</title>'
            f'<text x="{x(pad)}" y="{y + 15}" text-anchor="start">{escape(_cut(action.title, 38))}</text>'
            f'<rect x="{x(start, length)}" y="{y + 4}" width="{round(length, 1)}" height="{row - 8}" rx="2" '
            f'fill="{colour}" fill-opacity="0.35" stroke="{colour}"/>'
            f'<rect x="{x(start, length * action.progress / 100)}" y="{y + 4}" '
            f'width="{round(length * action.progress / 100, 1)}" height="{row - 8}" rx="2" fill="{colour}"/></g>'
        )
    for action in actions:
        before = action.depends_on_id
        if before in rows and action.pk in rows:
            source = next(a for a in actions if a.pk == before)
            x1, y1 = x(at(source.end) + area / span), rows[before] + row / 2
            x2, y2 = x(at(action.start)), rows[action.pk] + row / 2
            parts.append(f'<path d="M{x1},{y1} H{round((x1 + x2) / 2, 1)} V{y2} H{x2}" fill="none" stroke="#41484f" '
                         f'marker-end="url(#gantt-arrow)"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def logic_model(columns: Sequence[tuple[str, str, Sequence[LogicNode]]], links: Sequence[LogicLink], *,
                title: str, rtl: bool | None = None) -> SafeString:
    rtl = get_language_bidi() if rtl is None else rtl
    box_w, box_h, gap, head = 150, 52, 18, 30
    width = len(columns) * (box_w + gap) + gap
    tallest = max((len(nodes) for _k, _l, nodes in columns), default=0)
    height = head + max(1, tallest) * (box_h + gap) + gap

    def col_x(n: int) -> float:
        left = gap + n * (box_w + gap)
        return width - left - box_w if rtl else left

    where: dict[int, tuple[float, float]] = {}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="logic-model" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="logic-title" '
        f'font-family="system-ui, Arial, sans-serif" font-size="11">',
        f'<title id="logic-title">{escape(title)}</title>',
        '<defs><marker id="logic-arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M0,0 L6,3 L0,6 z" fill="#41484f"/></marker></defs>',
    ]
    for n, (_kind, label, nodes) in enumerate(columns):
        cx = col_x(n)
        parts.append(f'<text x="{cx + box_w / 2}" y="18" text-anchor="middle" font-weight="bold">{escape(label)}</text>')
        for m, node in enumerate(nodes):
            y = head + m * (box_h + gap)
            where[node.pk] = (cx, y)
            lines = _wrap(node.title, 22, 3)
            text = "".join(f'<tspan x="{cx + box_w / 2}" dy="{13 if i else 0}">{escape(line)}</tspan>'
                           for i, line in enumerate(lines))
            parts.append(f'<g><title>{escape(node.title)}</title><rect x="{cx}" y="{y}" width="{box_w}" '
                         f'height="{box_h}" rx="4" fill="#eef4fa" stroke="#005fa3"/>'
                         f'<text x="{cx + box_w / 2}" y="{y + 18}" text-anchor="middle">{text}</text></g>')
    for link in links:
        if link.source_id in where and link.target_id in where:
            (sx, sy), (tx, ty) = where[link.source_id], where[link.target_id]
            x1 = sx + (box_w if (tx > sx) else 0)
            x2 = tx + (0 if (tx > sx) else box_w)
            parts.append(f'<line x1="{x1}" y1="{sy + box_h / 2}" x2="{x2}" y2="{ty + box_h / 2}" stroke="#41484f" '
                         f'marker-end="url(#logic-arrow)"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
