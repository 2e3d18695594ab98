"""The gap document between the current and the desired state (מסמך פערים בין המצוי לרצוי): for each
category, in each neighbourhood (or for population groups without one), what the needs ask for (desired),
what allocations cover (current), what existing responses offer, and the manager's own text. Four queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from merhav.tenancy.models import Authority

from ..models import Category, GapNote, GapSnapshot, Need, Neighbourhood, Response
from .situation import OPEN


@dataclass
class GapRow:
    category: str
    category_label: str
    neighbourhood_id: int | None
    neighbourhood: str
    desired: int
    current: int
    responses: int
    text: str = ""
    note_version: int | None = None

    @property
    def gap(self) -> int:
        return max(0, self.desired - self.current)

    @property
    def percent(self) -> int:
        return round(100 * self.current / self.desired) if self.desired else 100

    def as_stored(self) -> dict:
        return {"category": self.category, "neighbourhood": self.neighbourhood, "desired": self.desired,
                "current": self.current, "responses": self.responses, "text": self.text}


def gap_rows(authority: Authority) -> list[GapRow]:
    labels = dict(Category.choices)
    names: dict[int | None, str] = dict(Neighbourhood.objects.filter(authority=authority).values_list("id", "name"))
    needs: dict[tuple[str, int | None], dict[str, Any]] = {(row["category"], row["neighbourhood_id"]): dict(row) for row in
             Need.objects.filter(authority=authority, status__in=OPEN).values("category", "neighbourhood_id")
             .annotate(desired=Coalesce(Sum("quantity"), 0), current=Coalesce(Sum("covered"), 0)).order_by()}
    responses: dict[tuple[str, int | None], int] = {(row["category"], row["neighbourhood_id"]): row["capacity_sum"] for row in
                 Response.objects.filter(authority=authority).values("category", "neighbourhood_id")
                 .annotate(capacity_sum=Coalesce(Sum("capacity"), 0)).order_by()}
    notes: dict[tuple[str, int | None], GapNote] = {(note.category, note.neighbourhood_id): note for note in GapNote.objects.filter(authority=authority)}
    keys = set(needs) | set(notes)
    rows = []
    order = {code: n for n, (code, _label) in enumerate(Category.choices)}
    for category, place in keys:
        need = needs.get((category, place), {})
        note = notes.get((category, place))
        rows.append(GapRow(category=category, category_label=str(labels.get(category, category)),
                           neighbourhood_id=place, neighbourhood=names.get(place, ""),
                           desired=need.get("desired", 0), current=need.get("current", 0),
                           responses=responses.get((category, place), 0), text=note.text if note else "",
                           note_version=note.version if note else None))
    rows.sort(key=lambda r: (order.get(r.category, 99), -r.gap, r.neighbourhood))
    return rows


def snapshots(authority: Authority) -> QuerySet[GapSnapshot]:
    return GapSnapshot.objects.filter(authority=authority).select_related("taken_by").defer("rows")


@dataclass
class Compared:
    category_label: str
    neighbourhood: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def compare(earlier: GapSnapshot, later: GapSnapshot) -> list[Compared]:
    """The gap of each row at two moments (None where the row did not exist then)."""
    labels = dict(Category.choices)

    def gaps(snapshot: GapSnapshot) -> dict[tuple[str, str], int]:
        return {(row["category"], row["neighbourhood"]): max(0, row["desired"] - row["current"])
                for row in snapshot.rows}

    before, after = gaps(earlier), gaps(later)
    return [Compared(str(labels.get(category, category)), place, before.get((category, place)),
                     after.get((category, place)))
            for category, place in sorted(set(before) | set(after))]
