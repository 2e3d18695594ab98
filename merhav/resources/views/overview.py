"""The module's home: the situation picture (coverage of needs by category and neighbourhood, the largest
gaps, stale resources, resources by family) as SVG charts, each beside a table of the same numbers."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from merhav.core.permissions import require_perm
from merhav.ui.charts import bar_chart

from .. import services
from ..selectors import catalog
from ..selectors.situation import situation


@require_perm("resources.view")
def index(request, authority_slug: str):
    settings = services.settings_of(request.authority)
    picture = situation(request.authority, stale_after_days=settings.stale_after_days)
    covered, uncovered = _("Covered"), _("Not covered")
    charts = {
        "category": bar_chart(
            title=_("Coverage of needs by category"), categories=[c.label for c in picture.by_category],
            series=[(covered, [c.covered for c in picture.by_category]),
                    (uncovered, [c.gap for c in picture.by_category])],
            description=_("For each category: how much of the open needs is covered by allocations, and how much "
                          "is not. The table below has the same numbers."), chart_id="chart-category"),
        "neighbourhood": bar_chart(
            title=_("Coverage of needs by neighbourhood"), categories=[c.label for c in picture.by_neighbourhood],
            series=[(covered, [c.covered for c in picture.by_neighbourhood]),
                    (uncovered, [c.gap for c in picture.by_neighbourhood])],
            description=_("For each neighbourhood: covered and uncovered needs. The table below has the same "
                          "numbers."), chart_id="chart-neighbourhood"),
    }
    context = {"picture": picture, "charts": charts, "counts": catalog.counts(request.authority),
               "can_create": request.user.has_perm("resources.create", request.authority),
               "can_manage": request.user.has_perm("resources.manage", request.authority)}
    return render(request, "resources/index.html", context)
