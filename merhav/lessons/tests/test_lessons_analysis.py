"""The similarity index and the recurring-lessons table are computed by the worker from a version of the
authority's data and stored with it; the pages read the stored results, say when they are older than the
data, and follow an edit once the enqueued task has run."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django_scopes import scope, scopes_disabled

from merhav.lessons.analysis import build, data_version, store
from merhav.lessons.models import ActionItem, LessonsAnalysis
from merhav.lessons.selectors.similar import similar_lessons
from merhav.lessons.services import lessons as lesson_services
from merhav.lessons.services.data_version import data_changed
from merhav.lessons.tasks import refresh_lessons_analysis, refresh_missing_lessons_analyses

from .factories import EventFactory, LessonFactory, ReviewFactory
from .support import url

DAY = date(2025, 3, 1)
POWER = "לא היו הודעות נצורות מוכנות לפגיעה בתשתית החשמל"
BUSES = "ההסעות לבתי הספר לא תואמו עם ההורים"


@pytest.fixture
def stored_only(settings):
    """Every authority counts as large: pages read what the worker stored, even when it is behind."""
    settings.MERHAV_LESSONS_SYNC_LIMIT = 0


def review_of(authority, days=0):
    event = EventFactory(authority=authority, starts_on=DAY + timedelta(days=days), ends_on=DAY + timedelta(days=days),
                         title=f"אירוע {days}")
    return ReviewFactory(event=event, meeting_date=DAY + timedelta(days=days + 2))


def hint(authority, text=POWER):
    return [lesson.text for lesson, _score in similar_lessons(authority, text)]


def stored_version(authority):
    with scopes_disabled():
        return LessonsAnalysis.objects.values_list("version", flat=True).get(authority=authority)


def test_an_edited_lesson_shows_in_the_hint_once_the_enqueued_task_has_run(authority, ceo, run_tasks, stored_only):
    review = review_of(authority)
    lesson = lesson_services.add_lesson(review=review, text=BUSES, by=ceo)
    run_tasks()
    assert hint(authority) == []
    lesson = lesson_services.update_lesson(lesson=lesson, by=ceo, version=lesson.version, text=POWER)
    assert hint(authority) == []  # the stored index is of the previous version until the worker runs
    run_tasks()
    assert hint(authority) == [POWER]
    assert stored_version(authority) == data_version(authority.pk) == 2


def test_small_authorities_get_the_current_index_before_the_worker_runs(authority, ceo, run_tasks):
    lesson = lesson_services.add_lesson(review=review_of(authority), text=BUSES, by=ceo)
    run_tasks()
    lesson_services.update_lesson(lesson=lesson, by=ceo, version=lesson.version, text=POWER)
    assert hint(authority) == [POWER]


def test_each_change_is_a_new_version(authority):
    with scopes_disabled():
        data_changed(authority.pk)
        data_changed(authority.pk)
    assert data_version(authority.pk) == 2


def test_an_older_build_finishing_late_never_replaces_a_newer_one(authority, stored_only):
    """Two builds of two versions racing: whichever finishes last, the stored result is the newer one."""
    review = review_of(authority)
    LessonFactory(review=review, text=BUSES)
    older = build(authority.pk)
    LessonFactory(review=review, text=POWER)
    with scopes_disabled():
        data_changed(authority.pk)
    assert store(authority.pk, 1, *build(authority.pk))
    assert not store(authority.pk, 0, *older)
    assert stored_version(authority) == 1
    assert hint(authority) == [POWER]


def test_a_build_is_labelled_with_the_version_read_before_the_data(authority, ceo, run_tasks, stored_only):
    """The task reads the version first: a result is never labelled newer than what it was built from."""
    review = review_of(authority)
    lesson_services.add_lesson(review=review, text=BUSES, by=ceo)
    run_tasks()
    assert stored_version(authority) == data_version(authority.pk) == 1
    assert refresh_lessons_analysis.call(authority_id=authority.pk) == {"version": 1, "built": False}


def test_the_recurring_report_says_when_it_is_behind_the_data(login, auditor, authority, staff, run_tasks,
                                                             stored_only):
    first, second = review_of(authority), review_of(authority, days=40)
    LessonFactory(review=first, text=POWER)
    lesson = LessonFactory(review=second, text=POWER)
    refresh_lessons_analysis.enqueue(authority_id=authority.pk)
    run_tasks()
    client = login(auditor, language="en")
    assert "being added" not in client.get(url("recurring", authority)).content.decode()
    with scope(authority=authority):
        action = ActionItem.objects.create(authority=authority, review=second, lesson=lesson, owner=staff,
                                           title="להכין הודעות", due_date=DAY + timedelta(days=60))
    from merhav.lessons.services.actions import set_action_status

    set_action_status(action=action, status=ActionItem.Status.DONE, by=staff, version=action.version, evidence="נעשה")
    for name in ("recurring", "oversight"):
        page = client.get(url(name, authority)).content.decode()
        assert "the latest changes are being added" in page
    run_tasks()
    assert "being added" not in client.get(url("oversight", authority)).content.decode()


def test_the_periodic_job_builds_what_is_missing(authority, other_authority, run_tasks, stored_only):
    """Lessons loaded without the services (an import, a deployment over existing data)."""
    LessonFactory(review=review_of(authority), text=POWER)
    assert refresh_missing_lessons_analyses.call() == {"enqueued": 1}  # the other authority has no lessons
    run_tasks()
    assert stored_version(authority) == 0
    assert hint(authority) == [POWER]
    assert refresh_missing_lessons_analyses.call() == {"enqueued": 0}


def test_no_index_of_the_action_items_is_a_prefix_of_another(db):
    """An index whose columns begin another index's columns only costs writes."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, ActionItem._meta.db_table)
    indexes = [tuple(c["columns"]) for c in constraints.values() if c["index"] and not c["primary_key"]]
    redundant = [(a, b) for a in indexes for b in indexes if a != b and b[:len(a)] == a]
    assert redundant == []
