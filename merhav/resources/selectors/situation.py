"""The situation picture: coverage of needs by category and by neighbourhood, the largest gaps, the stale
resources and the resources by family. Aggregates in the database, a fixed number of queries at any size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from merhav.tenancy.models import Authority

from ..models import Category, Need, Neighbourhood, Resource

TOP = 10
OPEN = (Need.Status.OPEN, Need.Status.PARTLY, Need.Status.COVERED)


@dataclass
class Coverage:
    label: str
    needed: int
    covered: int

    @property
    def gap(self) -> int:
        return max(0, self.needed - self.covered)

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.needed) if self.needed else 100


@dataclass
class Situation:
    today: date
    stale_after_days: int
    by_category: list[Coverage] = field(default_factory=list)
    by_neighbourhood: list[Coverage] = field(default_factory=list)
    largest_gaps: list[tuple[str, str, Coverage]] = field(default_factory=list)
    stale_count: int = 0
    stale: list[Resource] = field(default_factory=list)
    by_family: list[tuple[str, int, int, int]] = field(default_factory=list)  # label, count, capacity, allocated

    @property
    def totals(self) -> Coverage:
        return Coverage(_("All needs"), sum(c.needed for c in self.by_category),
                        sum(c.covered for c in self.by_category))


def _active_needs(authority: Authority) -> QuerySet[Need]:
    return Need.objects.filter(authority=authority, status__in=OPEN)


def _rows(queryset: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in queryset]


def situation(authority: Authority, *, stale_after_days: int) -> Situation:
    today = timezone.localdate()
    picture = Situation(today=today, stale_after_days=stale_after_days)
    sums = {"needed": Coalesce(Sum("quantity"), 0), "covered_sum": Coalesce(Sum("covered"), 0)}
    labels = dict(Category.choices)
    by_category = {row["category"]: row for row in
                   _rows(_active_needs(authority).values("category").annotate(**sums).order_by())}
    picture.by_category = [Coverage(str(label), by_category[code]["needed"], by_category[code]["covered_sum"])
                           for code, label in Category.choices if code in by_category]
    names: dict[int | None, str] = dict(Neighbourhood.objects.filter(authority=authority).values_list("id", "name"))
    rows = _rows(_active_needs(authority).values("neighbourhood_id").annotate(**sums).order_by())
    picture.by_neighbourhood = sorted(
        (Coverage(names.get(row["neighbourhood_id"]) or _("Population groups (no neighbourhood)"), row["needed"],
                  row["covered_sum"]) for row in rows),
        key=lambda c: (-c.gap, c.label))
    gaps = _rows(_active_needs(authority).values("category", "neighbourhood_id").annotate(**sums)
                 .annotate(gap=F("needed") - F("covered_sum")).filter(gap__gt=0).order_by("-gap", "category")[:TOP])
    picture.largest_gaps = [
        (str(labels[row["category"]]), names.get(row["neighbourhood_id"]) or _("No neighbourhood"),
         Coverage("", row["needed"], row["covered_sum"])) for row in gaps]
    cutoff = today - timedelta(days=stale_after_days)
    stale = Resource.objects.filter(authority=authority, verified_on__lt=cutoff)
    picture.stale_count = stale.count()
    picture.stale = list(stale.select_related("partner").order_by("verified_on", "id")[:TOP])
    families = {row["family"]: row for row in _rows(
        Resource.objects.filter(authority=authority).values("family")
        .annotate(n=Count("id"), capacity_sum=Coalesce(Sum("capacity"), 0),
                  allocated_sum=Coalesce(Sum("allocated"), 0)).order_by())}
    empty = {"n": 0, "capacity_sum": 0, "allocated_sum": 0}
    picture.by_family = [(str(label), families.get(code, empty)["n"], families.get(code, empty)["capacity_sum"],
                          families.get(code, empty)["allocated_sum"]) for code, label in Resource.Family.choices]
    return picture


def panel_figures(authority: Authority) -> dict:
    """For the dashboard panel, two queries: needs by state, and the resources' capacity left."""
    needs = Need.objects.filter(authority=authority).aggregate(
        open=Count("id", filter=Q(status__in=(Need.Status.OPEN, Need.Status.PARTLY))),
        critical=Count("id", filter=Q(status__in=(Need.Status.OPEN, Need.Status.PARTLY),
                                      urgency=Need.Urgency.CRITICAL)),
        needed=Coalesce(Sum("quantity", filter=Q(status__in=OPEN)), 0),
        covered=Coalesce(Sum("covered", filter=Q(status__in=OPEN)), 0),
    )
    resources = Resource.objects.filter(authority=authority).aggregate(
        count=Count("id"), capacity=Coalesce(Sum("capacity"), 0), allocated=Coalesce(Sum("allocated"), 0))
    coverage = Coverage("", needs["needed"], needs["covered"])
    return {"needs": needs, "resources": resources, "coverage": coverage}
