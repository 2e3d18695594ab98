"""Helpers for the lessons tests that are not test data (that comes from factories.py): the address of a
page of one authority, reading a row back, and moving a review along its life with the app's services."""

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from merhav.lessons.models import Lesson, Review, ReviewSection
from merhav.lessons.services import lessons as lesson_services
from merhav.lessons.services import reviews as review_services
from merhav.tenancy.roles import Role


def url(name: str, authority, query: str = "", **kwargs) -> str:
    return reverse(f"lessons:{name}", kwargs={"authority_slug": authority.slug, **kwargs}) + query


def reload(obj):
    with scopes_disabled():
        return type(obj).objects.get(pk=obj.pk)


def section(review, question: int) -> ReviewSection:
    with scope(authority=review.authority_id):
        return ReviewSection.objects.select_related("updated_by").get(review=review, question=question)


def make_people(make_user, authority, n: int, role=Role.STAFF) -> list:
    return [make_user(authority=authority, role=role) for _ in range(n)]


def add_lesson(review, *, by, text="יש להכין מראש הודעות נצורות לפגיעה בתשתיות", key=False, level=None):
    """A lesson added by a participant, through the service (the review must be open)."""
    level = level or (Lesson.Level.SYSTEM if key else Lesson.Level.LOCAL)
    return lesson_services.add_lesson(review=review, text=text, by=by, level=level, is_key=key)


def held(review, *, by) -> Review:
    return review_services.mark_review_held(review=review, by=by)


def complete(review, *, by, completed_at=None) -> Review:
    """The review signed off (without the service's follow-up: the tests schedule it when they need it)."""
    with scope(authority=review.authority_id):
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.COMPLETED, completed_at=completed_at or timezone.now(), completed_by=by
        )
        review.refresh_from_db()
    return review

