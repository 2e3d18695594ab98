"""Helpers for the oversight, similarity, export and library tests: rows built directly with the models,
so that dates, statuses and owners are exactly what a test needs (the figures are reads of these rows)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from merhav.lessons.models import (
    ActionItem,
    Event,
    EventKind,
    FollowUp,
    Lesson,
    Question,
    Review,
    ReviewSection,
)
from merhav.lessons.similarity import normalize
from merhav.tenancy.models import Department


def url(name: str, authority, query: str = "", **kwargs) -> str:
    return reverse(f"lessons:{name}", kwargs={"authority_slug": authority.slug, **kwargs}) + query


def department(authority, kind: str) -> Department:
    with scopes_disabled():
        return Department.objects.get(authority=authority, kind=kind)


def aware(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def make_event(authority, *, title="הפסקת חשמל בעין אור", kind=EventKind.EMERGENCY, starts_on: date,
               ends_on: date | None = None, departments=()) -> Event:
    with scope(authority=authority):
        event = Event.objects.create(authority=authority, title=title, kind=kind, starts_on=starts_on,
                                     ends_on=ends_on)
        if departments:
            event.departments.set(departments)
    return event


def make_review(event, *, meeting_date: date | None, status=Review.Status.HELD, title="תחקיר", by=None,
                facilitator=None, participants=()) -> Review:
    with scope(authority=event.authority_id):
        review = Review.objects.create(authority_id=event.authority_id, event=event, title=title,
                                       meeting_date=meeting_date, status=status, created_by=by,
                                       facilitator=facilitator)
        if participants:
            review.participants.set(participants)
        ReviewSection.objects.bulk_create(
            [ReviewSection(authority_id=event.authority_id, review=review, question=q) for q in Question]
        )
    return review


def make_lesson(review, text="אין הודעות נצורות מוכנות לפגיעה בתשתיות", *, department=None, is_key=False,
                tags=()) -> Lesson:
    with scope(authority=review.authority_id):
        return Lesson.objects.create(
            authority_id=review.authority_id, review=review, text=text, normalized_text=normalize(text),
            department=department, is_key=is_key, tags=list(tags),
            level=Lesson.Level.SYSTEM if is_key else Lesson.Level.LOCAL,
        )


def make_action(review, *, due_date: date, status=ActionItem.Status.OPEN, owner=None, owner_department=None,
                lesson=None, done_on: date | None = None, done_at: datetime | None = None,
                title="להכין הודעות נצורות") -> ActionItem:
    if done_at is None and done_on is not None:
        done_at = aware(done_on)
    with scope(authority=review.authority_id):
        return ActionItem.objects.create(
            authority_id=review.authority_id, review=review, lesson=lesson, title=title, owner=owner,
            owner_department=owner_department, due_date=due_date, status=status, done_at=done_at,
        )


def make_follow_up(review, *, due_date: date, held_on: date | None = None) -> FollowUp:
    with scope(authority=review.authority_id):
        return FollowUp.objects.create(
            authority_id=review.authority_id, review=review, due_date=due_date, held_on=held_on,
            status=FollowUp.Status.HELD if held_on else FollowUp.Status.SCHEDULED,
        )
