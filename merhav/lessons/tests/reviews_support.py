"""Helpers for the event and review tests: build events and reviews with the app's own services, and
address the pages of one authority."""

from datetime import date, timedelta

from django.urls import reverse
from django_scopes import scope, scopes_disabled

from merhav.lessons.models import EventKind, Lesson, Review, ReviewSection
from merhav.lessons.services import events as event_services
from merhav.lessons.services import lessons as lesson_services
from merhav.lessons.services import reviews as review_services
from merhav.tenancy.models import Department
from merhav.tenancy.roles import Role

EVENT_END = date(2025, 10, 12)


def url(name: str, authority, **kwargs) -> str:
    return reverse(f"lessons:{name}", kwargs={"authority_slug": authority.slug, **kwargs})


def department(authority, kind: str) -> Department:
    with scopes_disabled():
        return Department.objects.get(authority=authority, kind=kind)


def make_event(authority, *, by=None, title="נפילת טיל בשכונת עין אור", kind=EventKind.EMERGENCY,
               starts_on=EVENT_END - timedelta(days=1), ends_on=EVENT_END, departments=()):
    return event_services.create_event(
        authority=authority, title=title, kind=kind, starts_on=starts_on, ends_on=ends_on,
        description="המוקד העירוני הוצף בשיחות", departments=departments, by=by,
    )


def make_people(make_user, authority, n: int, role=Role.STAFF) -> list:
    return [make_user(authority=authority, role=role) for _ in range(n)]


def make_review(authority, *, by, event=None, facilitator=None, participants=(), meeting_date=None,
                title="תקשורת ועדכון תושבים") -> Review:
    event = event or make_event(authority, by=by)
    return review_services.create_review(
        event=event, title=title, by=by, meeting_date=meeting_date, facilitator=facilitator,
        participants=participants,
    ).value


def add_lesson(review, *, by, text="יש להכין מראש הודעות נצורות לפגיעה בתשתיות", key=False, level=None):
    level = level or (Lesson.Level.SYSTEM if key else Lesson.Level.LOCAL)
    return lesson_services.add_lesson(review=review, text=text, by=by, level=level, is_key=key)


def section(review, question: int) -> ReviewSection:
    with scope(authority=review.authority_id):
        return ReviewSection.objects.select_related("updated_by").get(review=review, question=question)


def reload(obj):
    with scopes_disabled():
        return type(obj).objects.get(pk=obj.pk)


def held(review, *, by) -> Review:
    return review_services.mark_review_held(review=review, by=by)
