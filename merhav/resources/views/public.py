"""The public list of open needs for philanthropic bodies: anyone with the secret link reads it; a revoked
or unknown link is a 404. No personal data: categories, neighbourhoods, urgency and quantities only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django_scopes import scope

from ..models import Category, Need
from ..selectors import public


@cache_control(private=True, max_age=0, no_store=True)
def public_needs(request, link_token: str):
    link = public.link_by_token(link_token)
    if link is None:
        raise Http404("No such link.")
    with scope(authority=link.authority):
        needs = public.public_needs(link.authority)
    categories, urgencies = dict(Category.choices), dict(Need.Urgency.choices)
    rows = [(str(categories[n["category"]]), n["neighbourhood__name"] or "—", str(urgencies[n["urgency"]]),
             n["urgency"], n["outstanding"], n["unit"]) for n in needs]
    totals: dict[str, int] = {}
    for row in rows:
        totals[row[0]] = totals.get(row[0], 0) + row[4]
    context = {"authority": link.authority, "rows": rows, "totals": sorted(totals.items()),
               "today": timezone.localdate()}
    return render(request, "resources/public_needs.html", context)
