"""Dashboard panels. Each module registers one; the authority dashboard shows those the user may see."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    permission: str
    context: Callable  # (request) -> dict; must run a fixed number of queries
    order: int = 100


PANELS: list[Panel] = []


def register_panel(panel: Panel) -> Panel:
    PANELS[:] = [p for p in PANELS if p.key != panel.key] + [panel]
    PANELS.sort(key=lambda p: p.order)
    return panel


def panels_for(request) -> list[dict]:
    shown = []
    for panel in PANELS:
        if request.user.has_perm(panel.permission, request.authority):
            shown.append({"key": panel.key, "template": panel.template, **panel.context(request)})
    return shown
