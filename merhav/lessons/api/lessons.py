"""Lessons: list (across reviews, with filters), add to a review, read, update, mark as key (up to three)."""

from datetime import datetime
from functools import partial

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from merhav.core.api.errors import ErrorOut
from merhav.core.api.output import Out
from merhav.core.api.pagination import Pages, Rows
from merhav.core.versioning import StaleVersion
from merhav.tenancy.access import authority_access, check
from merhav.tenancy.models import Department

from ..models import Lesson
from ..selectors import lessons as selectors
from ..services import lessons as services
from . import router
from .common import (
    BASE,
    DepartmentRef,
    LessonsConflictOut,
    conflict_body,
    one_of,
    plain,
    service_errors,
)
from .reviews import load_review


class LessonFilters(Schema):
    review_id: int | None = None
    is_key: bool | None = None
    level: Lesson.Level | None = None
    department_id: int | None = None


class LessonIn(Schema):
    text: str = Field(..., min_length=1)
    tags: list[str] = Field(default_factory=list)
    department_id: int | None = None
    level: Lesson.Level = Lesson.Level.LOCAL
    is_key: bool = False


class LessonPatch(Schema):
    version: int
    text: str | None = Field(None, min_length=1)
    tags: list[str] | None = None
    department_id: int | None = None
    level: Lesson.Level | None = None
    is_key: bool | None = None


class KeyIn(Schema):
    is_key: bool = True


class LessonOut(Out):
    id: int
    review_id: int
    review_title: str = Field(alias="review.title")
    text: str
    tags: list[str]
    department: DepartmentRef | None
    level: str
    level_label: str
    is_key: bool
    action_count: int | None = Field(None, description="In lists only.")
    created_at: datetime
    version: int

    @staticmethod
    def resolve_tags(lesson: Lesson) -> list[str]:
        return list(lesson.tags or [])

    @staticmethod
    def resolve_level_label(lesson: Lesson) -> str:
        return str(lesson.get_level_display())


def _department(authority, department_id):
    return one_of(Department.objects.filter(authority=authority), department_id, "department_id",
                  _("Choose a department of this authority."))


def _lesson(authority, lesson_id: int) -> Lesson:
    return get_object_or_404(selectors.lesson_detail(authority, lesson_id))


@router.get(f"{BASE}/lessons", response=list[LessonOut], summary="List lessons")
@paginate(Pages)
def list_lessons(request, authority_slug: str, filters: Query[LessonFilters]):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        queryset = selectors.lessons(
            authority, review_id=filters.review_id, is_key=filters.is_key, level=filters.level or "",
            department_id=filters.department_id,
        )
        return Rows(queryset, then=partial(selectors.with_action_counts, authority))


@router.post(f"{BASE}/reviews/{{int:review_id}}/lessons", response={201: LessonOut, 422: ErrorOut},
             summary="Add a lesson to a review")
def create_lesson(request, authority_slug: str, review_id: int, payload: LessonIn):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        review = load_review(request.authority, review_id)
        check(request, "lessons.edit_review", review)
        department = _department(authority, payload.department_id)
        with service_errors():
            lesson = services.add_lesson(
                review=review, text=payload.text, by=request.user, tags=payload.tags, department=department,
                level=payload.level, is_key=payload.is_key,
            )
        return Status(201, LessonOut.from_orm(_lesson(request.authority, lesson.pk)))


@router.get(f"{BASE}/lessons/{{int:lesson_id}}", response=LessonOut, summary="Read a lesson")
def get_lesson(request, authority_slug: str, lesson_id: int):
    with authority_access(request, authority_slug, "lessons.view"):
        return LessonOut.from_orm(_lesson(request.authority, lesson_id))


@router.patch(f"{BASE}/lessons/{{int:lesson_id}}", response={200: LessonOut, 409: LessonsConflictOut, 422: ErrorOut},
              summary="Update a lesson")
def update_lesson(request, authority_slug: str, lesson_id: int, payload: LessonPatch):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        lesson = _lesson(request.authority, lesson_id)
        check(request, "lessons.edit_review", lesson)
        sent = payload.dict(exclude_unset=True)
        department = lesson.department
        if "department_id" in sent:
            department = _department(authority, payload.department_id)
        try:
            with service_errors():
                services.update_lesson(
                    lesson=lesson, by=request.user, version=payload.version,
                    text=sent.get("text") or lesson.text,
                    tags=sent["tags"] if sent.get("tags") is not None else lesson.tags,
                    department=department,
                    level=sent.get("level") or lesson.level,
                    is_key=sent["is_key"] if sent.get("is_key") is not None else lesson.is_key,
                )
        except StaleVersion as stale:
            current = _lesson(request.authority, stale.current.pk)
            return Status(409, conflict_body(yours=sent, current=plain(LessonOut.from_orm(current))))
        return LessonOut.from_orm(_lesson(request.authority, lesson_id))


@router.post(f"{BASE}/lessons/{{int:lesson_id}}/key", response={200: LessonOut, 422: ErrorOut},
             summary="Mark (or unmark) a key lesson",
             description="A review marks up to three key, system-level lessons: a fourth is refused (422, is_key).")
def mark_key_lesson(request, authority_slug: str, lesson_id: int, payload: KeyIn):
    with authority_access(request, authority_slug, "lessons.view"):
        lesson = _lesson(request.authority, lesson_id)
        check(request, "lessons.edit_review", lesson)
        with service_errors():
            services.set_key_lesson(lesson=lesson, is_key=payload.is_key, by=request.user)
        return LessonOut.from_orm(_lesson(request.authority, lesson_id))
