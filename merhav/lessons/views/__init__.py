"""Pages of the lessons app, split by concept: events.py, reviews.py, actions.py, follow_ups.py,
oversight.py, library.py, exports.py. The index (the reviews list) lives here."""

from django.core.paginator import Paginator
from django.shortcuts import render

from merhav.core.permissions import require_perm

from ..forms.reviews import ReviewFilterForm
from ..selectors import reviews as selectors

PAGE_SIZE = 25


@require_perm("lessons.view")
def index(request, authority_slug: str):
    """The authority's reviews with their status, event, meeting date, and counts of lessons and actions."""
    form = ReviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    reviews = selectors.reviews(
        request.authority,
        status=filters.get("status") or "",
        kind=filters.get("kind") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        text=filters.get("q") or "",
    )
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_counts(request.authority, page.object_list)
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters and any(filters.values())),
        "can_create_review": request.user.has_perm("lessons.create_review", request.authority),
        "can_create_event": request.user.has_perm("lessons.create_event", request.authority),
        "can_oversee": request.user.has_perm("lessons.view_oversight", request.authority),
    }
    return render(request, "lessons/index.html", context)
