"""Reads of events and reviews shared by the pages and the API. Lists are paginated by the caller;
counts for a page are added in one query (with_counts), so a list costs a fixed number of queries
however many reviews, lessons and actions there are. Every read takes the authority first and filters on
it: none relies on the ambient scope alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from merhav.tenancy.models import Authority

from ..models import ActionItem, Event, Lesson, Question, Review, ReviewSection, SectionComment, SectionRevision


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
    """Set lesson_count, key_lesson_count and action_count on the reviews of one page (one query).

    Written in SQL: the two grouped counts in one statement, built once here rather than by the ORM's compiler on
    every request (about 1 ms of CPU per ORM query; this runs on every list page and API list of reviews). It
    filters on the authority itself, as every selector does."""
    from django.db import connection

    ids = [r.pk for r in page_reviews]
    counts: dict[int, list[int]] = {pk: [0, 0, 0] for pk in ids}
    if ids:
        lessons, actions = Lesson._meta.db_table, ActionItem._meta.db_table
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT review_id, 0, COUNT(*), SUM(CASE WHEN is_key THEN 1 ELSE 0 END) FROM {lessons} "  # noqa: S608
            f"WHERE authority_id = %s AND review_id IN ({marks}) GROUP BY review_id "
            f"UNION ALL SELECT review_id, 1, COUNT(*), 0 FROM {actions} "
            f"WHERE authority_id = %s AND review_id IN ({marks}) GROUP BY review_id"
        )  # our table names, and placeholders for every value
        authority_id = authority if isinstance(authority, int) else authority.pk
        with connection.cursor() as cursor:
            cursor.execute(sql, [authority_id, *ids, authority_id, *ids])
            for review_id, kind, n, key in cursor.fetchall():
                if kind == 0:
                    counts[review_id][0], counts[review_id][1] = int(n), int(key or 0)
                else:
                    counts[review_id][2] = int(n)
    for review in page_reviews:
        review.lesson_count, review.key_lesson_count, review.action_count = counts[review.pk]
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
    """The review with what every permission check on it reads (participants, with their role and
    department), and its guests, for get_object_or_404."""
    from django.contrib.auth import get_user_model
    from django.db.models import Prefetch

    people = with_member_details(get_user_model().objects.order_by("full_name", "email"), authority)
    return (
        Review.objects.filter(authority=authority, pk=review_id)
        .select_related("event", "facilitator", "created_by", "completed_by")
        .prefetch_related(Prefetch("participants", queryset=people), "event__departments", "guests")
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


def section_text_at(authority: Authority, section: ReviewSection, version: int) -> str | None:
    """The section's text at `version` (the base of a three-way merge); None when it is not known (saved
    before revisions were kept). Every section starts empty at version 1."""
    text = (SectionRevision.objects.filter(authority=authority, section=section, version=version)
            .values_list("text", flat=True).first())
    if text is None and version == 1:
        return ""
    return text


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


def with_member_details(users: QuerySet, authority: Authority | int) -> QuerySet:
    """Users annotated with their role, department and job title in the authority (for the pickers:
    member_details), in the same one query."""
    from merhav.tenancy.models import Membership

    membership = Membership.objects.filter(authority=authority, user=OuterRef("pk"), is_active=True)
    return users.annotate(
        member_role=Subquery(membership.values("role")[:1]),
        member_title=Subquery(membership.values("title")[:1]),
        member_department_kind=Subquery(membership.values("department__kind")[:1]),
        member_department_name=Subquery(membership.values("department__custom_name")[:1]),
    )


def member_details(user: Any) -> list[str]:
    """Role, department and job title of an annotated user (with_member_details), in the reader's language."""
    from merhav.tenancy.models import StandardDepartment
    from merhav.tenancy.roles import Role

    role = getattr(user, "member_role", None)
    kind = getattr(user, "member_department_kind", None)
    department = getattr(user, "member_department_name", None) or (
        str(StandardDepartment(kind).label) if kind in StandardDepartment.values else "")
    return [part for part in (str(Role(role).label) if role in Role.values else "", department,
                              getattr(user, "member_title", None) or "") if part]


def member_users(authority: Authority) -> QuerySet:
    """Users who are active members of the authority, for facilitator and participant choices, with their
    role, department and job title (member_details)."""
    from django.contrib.auth import get_user_model

    from merhav.tenancy.models import Membership

    member_ids = Membership.objects.filter(authority=authority, is_active=True).values("user_id")
    users = get_user_model().objects.filter(pk__in=member_ids, is_active=True).order_by("full_name", "email")
    return with_member_details(users, authority)


def active_departments(authority: Authority) -> QuerySet:
    from merhav.tenancy.models import Department

    return Department.objects.filter(authority=authority, is_active=True).order_by("kind", "custom_name")
