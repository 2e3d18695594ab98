"""Writes of lessons: add and edit a review's lessons, and mark its key ones.

A review has up to three key lessons (Lesson.MAX_KEY_LESSONS), and a key lesson is system-level. The count
is checked with the review row locked, so two people marking at once cannot make a fourth.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core.versioning import apply_changes, lock_current
from merhav.tenancy.models import Department

from ..models import Lesson, Review
from ..similarity import normalize
from .data_version import data_changed, figures_changed
from .reviews import require_open

MAX_TAG_LENGTH = 50
MAX_TAGS = 20
# Commas in Latin, Arabic and Hebrew-keyboard forms, and semicolons, all separate tags.
_TAG_SEPARATORS = re.compile(r"[,\u060C\uFF0C;\u061B]")


def parse_tags(value: str | Iterable[str] | None) -> list[str]:
    """'Hotline, sealed messages,hotline' → ['Hotline', 'sealed messages'] (order kept, duplicates dropped)."""
    if value is None:
        return []
    parts = _TAG_SEPARATORS.split(value) if isinstance(value, str) else list(value)
    tags, seen = [], set()
    for part in parts:
        tag = " ".join(str(part).split())[:MAX_TAG_LENGTH]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags[:MAX_TAGS]


def _department_id(review: Review, department: Department | int | str | None) -> int | None:
    if department is None or department == "":
        return None
    department_id = department.pk if isinstance(department, Department) else int(department)
    with scope(authority=review.authority_id):
        if not Department.objects.filter(authority_id=review.authority_id, pk=department_id).exists():
            raise ValidationError({"department": _("Choose a department of this authority.")})
    return department_id


def _check_key(*, review: Review, level: str, is_key: bool, exclude_pk: int | None = None) -> None:
    """With the review row locked: a key lesson is system-level, and there are at most three."""
    if not is_key:
        return
    if level != Lesson.Level.SYSTEM:
        raise ValidationError(
            {"is_key": _("A key lesson is a system-level lesson: set the level to system-level first.")}
        )
    others = Lesson.objects.filter(review_id=review.pk, is_key=True)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.count() >= Lesson.MAX_KEY_LESSONS:
        raise ValidationError(
            {
                "is_key": _(
                    "This review already has three key lessons. Unmark one of them first: a review marks up to "
                    "three key, system-level lessons."
                )
            }
        )


def _clean_text(text: str | None) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("Write the lesson.")})
    return text


def _lock_open_review(review: Review) -> Review:
    locked = Review.objects.select_for_update().get(pk=review.pk)
    require_open(locked)
    return locked


def add_lesson(
    *,
    review: Review,
    text: str,
    by: User,
    tags: Iterable[str] | str = (),
    department: Department | int | None = None,
    level: str = Lesson.Level.LOCAL,
    is_key: bool = False,
) -> Lesson:
    text = _clean_text(text)
    if level not in Lesson.Level.values:
        raise ValidationError({"level": _("Choose the level of the lesson.")})
    department_id = _department_id(review, department)
    tags = parse_tags(tags)
    with transaction.atomic(), scope(authority=review.authority_id):
        locked = _lock_open_review(review)
        _check_key(review=locked, level=level, is_key=is_key)
        lesson = Lesson.objects.create(
            authority_id=review.authority_id,
            review=locked,
            text=text,
            normalized_text=normalize(text),
            tags=tags,
            department_id=department_id,
            level=level,
            is_key=is_key,
            created_by=by,
        )
        fields = ["text", "level"] + [name for name, value in (("tags", tags), ("department", department_id),
                                                             ("is_key", is_key)) if value]
        record(action=Action.CREATE, user=by, obj=lesson, fields=fields)
        data_changed(lesson.authority_id)
    return lesson


def update_lesson(
    *,
    lesson: Lesson,
    by: User,
    version: int,
    text: str,
    tags: Iterable[str] | str = (),
    department: Department | int | None = None,
    level: str = Lesson.Level.LOCAL,
    is_key: bool = False,
) -> Lesson:
    """Edit a lesson. A stale version raises StaleVersion (the other person's edit is kept)."""
    text = _clean_text(text)
    if level not in Lesson.Level.values:
        raise ValidationError({"level": _("Choose the level of the lesson.")})
    with scope(authority=lesson.authority_id):
        review = lesson.review
    department_id = _department_id(review, department)
    with transaction.atomic(), scope(authority=lesson.authority_id):
        _lock_open_review(review)
        current = lock_current(Lesson.objects, version=version, pk=lesson.pk)
        _check_key(review=review, level=level, is_key=is_key, exclude_pk=current.pk)
        changes = {
            "text": text,
            "normalized_text": normalize(text),
            "tags": parse_tags(tags),
            "department_id": department_id,
            "level": level,
            "is_key": is_key,
        }
        fields = [name for name in apply_changes(current, changes) if name != "normalized_text"]
        if fields:
            record(action=Action.UPDATE, user=by, obj=current, fields=fields)
            if "text" in fields:
                data_changed(current.authority_id)
            else:  # its department: the lessons the department filter counts
                figures_changed(current.authority_id)
    return current


def set_key_lesson(*, lesson: Lesson, is_key: bool, by: User) -> Lesson:
    """Mark or unmark a key lesson. Marking a fourth, or a local lesson, is refused (ValidationError)."""
    with scope(authority=lesson.authority_id):
        review = lesson.review
    with transaction.atomic(), scope(authority=lesson.authority_id):
        _lock_open_review(review)
        current = lock_current(Lesson.objects, version=None, pk=lesson.pk)
        if current.is_key == is_key:
            return current
        _check_key(review=review, level=current.level, is_key=is_key, exclude_pk=current.pk)
        apply_changes(current, {"is_key": is_key})
        record(action=Action.UPDATE, user=by, obj=current, fields=["is_key"])
        figures_changed(current.authority_id)
    return current
