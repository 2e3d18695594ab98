"""Helpers for the action-item and follow-up tests: a review with its meeting date, and actions on it.

Rows are created directly here, so these tests depend only on the data model and the action services.
"""

from datetime import date, timedelta

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from merhav.lessons.models import ActionItem, Event, EventKind, Lesson, Question, Review, ReviewSection
from merhav.tenancy.models import Department


def department(authority, kind) -> Department:
    with scopes_disabled():
        return Department.objects.get(authority=authority, kind=kind)


def make_review(authority, *, by, facilitator=None, participants=(), meeting_date: date | None = None,
                status=Review.Status.HELD, title="הפסקת חשמל בעין אור") -> Review:
    meeting_date = meeting_date or timezone.localdate() - timedelta(days=1)
    with scope(authority=authority):
        event = Event.objects.create(
            authority=authority, title="נפילת טיל בעין אור", kind=EventKind.EMERGENCY,
            starts_on=meeting_date - timedelta(days=3), ends_on=meeting_date - timedelta(days=2), created_by=by,
        )
        review = Review.objects.create(
            authority=authority, event=event, title=title, meeting_date=meeting_date, facilitator=facilitator,
            status=status, created_by=by,
        )
        if participants:
            review.participants.set(participants)
        ReviewSection.objects.bulk_create(
            [ReviewSection(authority=authority, review=review, question=q) for q in Question]
        )
    return review


def make_lesson(review, *, text="יש להכין הודעות נצורות", is_key=True) -> Lesson:
    with scope(authority=review.authority_id):
        return Lesson.objects.create(
            authority_id=review.authority_id, review=review, text=text, is_key=is_key,
            level=Lesson.Level.SYSTEM if is_key else Lesson.Level.LOCAL,
        )


def make_action(review, *, owner=None, owner_department=None, due_date: date | None = None, title="הודעות נצורות",
                status=ActionItem.Status.OPEN, **extra) -> ActionItem:
    """An action row as it would be after add_action (no notification is sent)."""
    with scope(authority=review.authority_id):
        return ActionItem.objects.create(
            authority_id=review.authority_id, review=review, title=title, owner=owner,
            owner_department=owner_department, due_date=due_date or timezone.localdate() + timedelta(days=10),
            status=status, **extra,
        )


def complete(review, *, by, completed_at=None) -> Review:
    with scope(authority=review.authority_id):
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.COMPLETED, completed_at=completed_at or timezone.now(), completed_by=by
        )
        review.refresh_from_db()
    return review
