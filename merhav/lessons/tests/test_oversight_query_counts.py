"""The oversight pages cost a fixed number of queries, whatever the number of reviews, lessons and actions
(the aggregates are grouped in the database; nothing is loaded row by row)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from merhav.lessons.models import ActionItem, EventKind, Review
from merhav.lessons.tasks import refresh_lessons_analysis
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import standard_department

from .factories import ActionItemFactory, EventFactory, FollowUpFactory, LessonFactory, ReviewFactory
from .support import url

KINDS = list(EventKind.values)
DEPARTMENTS = [StandardDepartment.EDUCATION, StandardDepartment.WELFARE, StandardDepartment.PUBLIC_INFORMATION]


def build(authority, make_user, events: int) -> None:
    T = timezone.localdate()
    people = [make_user(authority=authority, role=Role.STAFF, department_kind=k) for k in DEPARTMENTS]
    departments = [standard_department(authority, k) for k in DEPARTMENTS]
    for n in range(events):
        day = T - timedelta(days=10 * n + 5)
        event = EventFactory(authority=authority, kind=KINDS[n % len(KINDS)], starts_on=day, ends_on=day,
                             departments=[departments[n % 3]], title=f"אירוע {n}")
        review = ReviewFactory(event=event, meeting_date=day + timedelta(days=n % 6), status=Review.Status.COMPLETED)
        FollowUpFactory(review=review, due_date=day + timedelta(days=30),
                        held_on=day + timedelta(days=30 + n % 3) if n % 2 else None)
        for k in range(3):
            lesson = LessonFactory(review=review, text=f"לא היו הודעות נצורות מוכנות {n % 4} {k}",
                                   department=departments[k])
            ActionItemFactory(review=review, lesson=lesson, owner=people[(n + k) % 3] if k else None,
                              owner_department=departments[k] if not k else None, due_date=day + timedelta(days=20),
                              status=[ActionItem.Status.OPEN, ActionItem.Status.DONE, ActionItem.Status.IN_PROGRESS][k],
                              done_on=day + timedelta(days=15 + n % 10) if k == 1 else None)


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name, query", [("oversight", ""), ("oversight", "?kind=emergency&period=365"),
                                         ("recurring", ""), ("oversight_xlsx", ""), ("oversight_docx", "")])
def test_the_same_queries_at_two_sizes(login, auditor, make_authority, make_user, authority, name, query):
    small, large = authority, make_authority("large-city")
    build(small, make_user, 12)
    build(large, make_user, 36)
    counts = []
    for place in (small, large):
        if place is large:
            make_user(authority=large, role=Role.AUDITOR, email="auditor@large.example")
        client = login(auditor if place is small else place_auditor(large))
        counts.append(count_queries(client, url(name, place, query)))
    assert counts[0] == counts[1], counts


def place_auditor(authority):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email="auditor@large.example")


def test_the_dashboard_costs_at_most_this_many_queries(login, auditor, authority, make_user, run_tasks, settings,
                                                      django_assert_max_num_queries):
    build(authority, make_user, 10)
    client = login(auditor)
    # The recurring lessons computed on the request, and the figures computed and kept in the cache (the
    # figures version, the cache read, and the database cache's write: count, read, insert).
    with django_assert_max_num_queries(30):
        assert client.get(url("oversight", authority)).status_code == 200
    # Read from what the worker stored: the data version and the stored table instead of the lessons,
    # their done actions and the index's lessons.
    settings.MERHAV_LESSONS_SYNC_LIMIT = 0
    refresh_lessons_analysis.enqueue(authority_id=authority.pk)
    run_tasks()
    with django_assert_max_num_queries(18):
        assert client.get(url("oversight", authority)).status_code == 200
