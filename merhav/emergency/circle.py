"""The stage view of the ecosystem manager's circular model (seed 004), drawn on the server as SVG: the
four stages as quarters of a ring, each filled by its progress, and the accompanying axis as the inner
circle. The page shows the same numbers in a table beside it."""

from __future__ import annotations

import math

from .models import ChecklistStage

SIZE = 240
CENTER = SIZE / 2
OUTER, INNER, AXIS = 110, 62, 52
GAP = 0.04  # radians between the quarters


def _point(radius: float, angle: float) -> tuple[float, float]:
    return CENTER + radius * math.sin(angle), CENTER - radius * math.cos(angle)


def _ring_segment(start: float, end: float) -> str:
    x1, y1 = _point(OUTER, start)
    x2, y2 = _point(OUTER, end)
    x3, y3 = _point(INNER, end)
    x4, y4 = _point(INNER, start)
    large = 1 if end - start > math.pi else 0
    return (f"M{x1:.1f},{y1:.1f} A{OUTER},{OUTER} 0 {large} 1 {x2:.1f},{y2:.1f} "
            f"L{x3:.1f},{y3:.1f} A{INNER},{INNER} 0 {large} 0 {x4:.1f},{y4:.1f} Z")


def stage_circle(progress: list[dict], *, rtl: bool) -> dict:
    """Paths of the four stages (clockwise from the top; counter-clockwise when the page reads right to
    left, so that the cycle runs in the reading direction) and the axis, with their progress."""
    by_stage = {row["stage"]: row for row in progress}
    quarters = []
    for n, stage in enumerate((ChecklistStage.COPING, ChecklistStage.LISTENING, ChecklistStage.RESOURCES,
                               ChecklistStage.WORK_PLAN)):
        start, end = n * math.pi / 2 + GAP, (n + 1) * math.pi / 2 - GAP
        if rtl:
            start, end = -end, -start
        row = by_stage.get(int(stage), {"percent": 0, "done": 0, "total": 0})
        label_x, label_y = _point((OUTER + INNER) / 2, (start + end) / 2)
        quarters.append({
            "stage": int(stage), "number": n + 1, "path": _ring_segment(start, end), "percent": row["percent"],
            "level": min(4, row["percent"] // 25), "x": f"{label_x:.1f}", "y": f"{label_y:.1f}",
        })
    axis = by_stage.get(int(ChecklistStage.AXIS), {"percent": 0})
    return {"size": SIZE, "center": CENTER, "axis_radius": AXIS, "quarters": quarters,
            "axis_percent": axis["percent"], "axis_level": min(4, axis["percent"] // 25)}
