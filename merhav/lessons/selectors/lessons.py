"""Reads of an authority's lessons across its reviews (the API's list; the per-review list is
selectors.reviews.lessons). Counts for one page are added in one query, so a list costs a fixed number
of queries however many lessons and actions the authority has."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, QuerySet

from merhav.tenancy.models import Authority

from ..models import ActionItem, Lesson


def lessons(authority: Authority, *, review_id: int | None = None, is_key: bool | None = None, level: str = "",
            department_id: int | None = None) -> QuerySet[Lesson]:
    """Newest first (the order of the (authority, -created_at) index)."""
    qs = Lesson.objects.filter(authority=authority).select_related("review", "department", "created_by")
    if review_id is not None:
        qs = qs.filter(review_id=review_id)
    if is_key is not None:
        qs = qs.filter(is_key=is_key)
    if level:
        qs = qs.filter(level=level)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs.order_by("-created_at", "-id")


def with_action_counts(authority: Authority, page_lessons: Sequence[Lesson]) -> Sequence[Lesson]:
    """Set action_count on the lessons of one page (one query)."""
    ids = [lesson.pk for lesson in page_lessons]
    counts = dict(
        ActionItem.objects.filter(authority=authority, lesson_id__in=ids).values("lesson_id").annotate(n=Count("id")).order_by()
        .values_list("lesson_id", "n")
    )
    for lesson in page_lessons:
        lesson.action_count = counts.get(lesson.pk, 0)
    return page_lessons


def lesson_detail(authority: Authority, lesson_id: int) -> QuerySet[Lesson]:
    """For get_object_or_404 (another authority's id is not found); the review's participants for the policy."""
    return (
        Lesson.objects.filter(authority=authority, pk=lesson_id)
        .select_related("review", "department", "created_by")
        .prefetch_related("review__participants")
    )
