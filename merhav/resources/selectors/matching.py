"""Match suggestions: for a need, the resources that can answer it, best first — the same category, capacity
left, available when the need arises (an emergency need excludes routine-only resources), in the need's
neighbourhood first, verified recently before stale ones, and with the most capacity left. One query."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone

from ..models import Availability, Need, Resource

SUGGESTIONS = 10


def suggestions(need: Need, *, stale_after_days: int, limit: int = SUGGESTIONS) -> QuerySet[Resource]:
    cutoff = timezone.localdate() - timedelta(days=stale_after_days)
    queryset = Resource.objects.filter(authority_id=need.authority_id, category=need.category,
                                       allocated__lt=F("capacity"))
    if need.emergency:
        queryset = queryset.exclude(availability=Availability.ROUTINE)
    same_place = (When(neighbourhood_id=need.neighbourhood_id, then=Value(0)) if need.neighbourhood_id
                  else When(pk__isnull=True, then=Value(0)))
    return (
        queryset.select_related("neighbourhood", "partner")
        .annotate(
            remaining_capacity=F("capacity") - F("allocated"),
            elsewhere=Case(same_place, default=Value(1), output_field=IntegerField()),
            stale=Case(When(verified_on__lt=cutoff, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .order_by("elsewhere", "stale", "-remaining_capacity", "name", "id")[:limit]
    )
