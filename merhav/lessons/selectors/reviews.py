"""Reads of events and reviews shared by the pages and the API. Lists are paginated by the caller;
counts for a page are added with one query each (with_counts), so a list costs a fixed number of queries
however many reviews, lessons and actions there are. Every read takes the authority first and filters on
it: none relies on the ambient scope alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q, QuerySet

from merhav.tenancy.models import Authority

from ..models import ActionItem, Event, Lesson, Question, Review, ReviewSection, SectionComment


def reviews(
    authority: Authority,
    *,
    status: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    text: str = "",
    event: Event | None = None,
) -> QuerySet[Review]:
    """The authority's reviews, newest meeting first. Period = the meeting date."""
    qs = Review.objects.filter(authority=authority).select_related("event", "facilitator")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(event__kind=kind)
    if date_from:
        qs = qs.filter(meeting_date__gte=date_from)
    if date_to:
        qs = qs.filter(meeting_date__lte=date_to)
    if event is not None:
        qs = qs.filter(event=event)
    text = (text or "").strip()
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(event__title__icontains=text))
    return qs.order_by("-meeting_date", "-id")


def with_counts(authority: Authority, page_reviews: Sequence[Review]) -> Sequence[Review]:
    """Set lesson_count, key_lesson_count and action_count on the reviews of one page (two queries)."""
    ids = [r.pk for r in page_reviews]
    lesson_counts = {
        row["review_id"]: (row["n"], row["key"])
        for row in Lesson.objects.filter(authority=authority, review_id__in=ids)
        .values("review_id")
        .annotate(n=Count("id"), key=Count("id", filter=Q(is_key=True)))
        .order_by()
    }
    action_counts = dict(
        ActionItem.objects.filter(authority=authority, review_id__in=ids).values("review_id").annotate(n=Count("id")).order_by()
        .values_list("review_id", "n")
    )
    for review in page_reviews:
        review.lesson_count, review.key_lesson_count = lesson_counts.get(review.pk, (0, 0))
        review.action_count = action_counts.get(review.pk, 0)
    return page_reviews


def events(
    authority: Authority, *, kind: str = "", date_from: date | None = None, date_to: date | None = None, text: str = ""
) -> QuerySet[Event]:
    """The authority's events, latest first. Period: events that overlap it."""
    qs = Event.objects.filter(authority=authority)
    if kind:
        qs = qs.filter(kind=kind)
    if date_to:
        qs = qs.filter(starts_on__lte=date_to)
    if date_from:
        qs = qs.filter(Q(ends_on__gte=date_from) | Q(ends_on__isnull=True, starts_on__gte=date_from))
    text = (text or "").strip()
    if text:
        qs = qs.filter(title__icontains=text)
    return qs.order_by("-starts_on", "-id")


def with_review_counts(authority: Authority, page_events: Sequence[Event]) -> Sequence[Event]:
    ids = [e.pk for e in page_events]
    counts = dict(
        Review.objects.filter(authority=authority, event_id__in=ids).values("event_id").annotate(n=Count("id")).order_by()
        .values_list("event_id", "n")
    )
    for event in page_events:
        event.review_count = counts.get(event.pk, 0)
    return page_events


def event_detail(authority: Authority, event_id: int) -> QuerySet[Event]:
    """For get_object_or_404: another authority's id is not found."""
    return Event.objects.filter(authority=authority, pk=event_id).select_related("created_by").prefetch_related("departments")


def review_detail(authority: Authority, review_id: int) -> QuerySet[Review]:
    """The review with what every permission check on it reads (participants), for get_object_or_404."""
    return (
        Review.objects.filter(authority=authority, pk=review_id)
        .select_related("event", "facilitator", "created_by", "completed_by")
        .prefetch_related("participants", "event__departments")
    )


def sections(authority: Authority, review: Review, *, with_comments: bool = True) -> list[ReviewSection]:
    """The five sections in order, each with comment_list. A missing one (never saved) is an unsaved empty
    section of version 1: save_section() creates it."""
    stored = {
        s.question: s
        for s in ReviewSection.objects.filter(authority=authority, review=review).select_related("updated_by")
    }
    comments: dict[int, list[SectionComment]] = defaultdict(list)
    if with_comments and stored:
        for comment in (
            SectionComment.objects.filter(authority=authority, section_id__in=[s.pk for s in stored.values()])
            .select_related("author")
            .order_by("created_at", "id")
        ):
            comments[comment.section_id].append(comment)
    result = []
    for q in Question:
        section = stored.get(q.value)
        if section is None:
            section = ReviewSection(authority_id=review.authority_id, review=review, question=q.value)
        section.comment_list = comments[section.pk] if section.pk is not None else []
        result.append(section)
    return result


def section(authority: Authority, review: Review, question: int) -> ReviewSection:
    """One section (unsaved and empty when it was never stored)."""
    found = ReviewSection.objects.filter(authority=authority, review=review, question=question).select_related("updated_by").first()
    return found or ReviewSection(authority_id=review.authority_id, review=review, question=question)


def lessons(authority: Authority, review: Review) -> QuerySet[Lesson]:
    return (
        Lesson.objects.filter(authority=authority, review=review)
        .select_related("department", "created_by")
        .order_by("-is_key", "id")
    )


def actions(authority: Authority, review: Review) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(authority=authority, review=review)
        .select_related("owner", "owner_department", "lesson")
        .order_by("due_date", "id")
    )


def member_users(authority: Authority) -> QuerySet:
    """Users who are active members of the authority, for facilitator and participant choices."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__authority=authority, memberships__is_active=True, is_active=True)
        .order_by("full_name", "email")
        .distinct()
    )


def active_departments(authority: Authority) -> QuerySet:
    from merhav.tenancy.models import Department

    return Department.objects.filter(authority=authority, is_active=True).order_by("kind", "custom_name")
