"""The "my actions" page: what I own or my department owns, filtered, sorted by due date, paginated."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from merhav.lessons.models import ActionItem
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .factories import ActionItemFactory, ReviewFactory


def url(authority, **query):
    base = reverse("lessons:my_actions", kwargs={"authority_slug": authority.slug})
    if query:
        from urllib.parse import urlencode

        base += "?" + urlencode(query)
    return base


def titles(response):
    return [action.title for action in response.context["page"].object_list]


def test_lists_my_open_actions_and_those_of_the_department_i_head_by_due_date(
    login, authority, ceo, staff, department_head
):
    review = ReviewFactory(authority=authority, created_by=ceo)
    today = timezone.localdate()
    public_information = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    ActionItemFactory(review=review, owner=department_head, title="שנייה", due_date=today + timedelta(days=5))
    ActionItemFactory(review=review, owner_department=public_information, title="ראשונה",
                      due_date=today + timedelta(days=1))
    ActionItemFactory(review=review, owner=staff, title="של מישהו אחר")
    ActionItemFactory(review=review, owner=department_head, title="בוטלה", status=ActionItem.Status.CANCELLED)
    response = login(department_head).get(url(authority))
    assert response.status_code == 200
    assert titles(response) == ["ראשונה", "שנייה"]


def test_filters_by_status_and_overdue(login, authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo, meeting_date=timezone.localdate() - timedelta(days=30))
    today = timezone.localdate()
    ActionItemFactory(review=review, owner=staff, title="באיחור", due_date=today - timedelta(days=2))
    ActionItemFactory(review=review, owner=staff, title="בזמן", due_date=today + timedelta(days=2),
                      status=ActionItem.Status.IN_PROGRESS)
    ActionItemFactory(review=review, owner=staff, title="בוצעה", due_date=today - timedelta(days=3),
                      status=ActionItem.Status.DONE, evidence="x", done_at=timezone.now())
    client = login(staff)
    assert titles(client.get(url(authority, overdue="on"))) == ["באיחור"]
    assert titles(client.get(url(authority, status="in_progress"))) == ["בזמן"]
    assert titles(client.get(url(authority, status="done"))) == ["בוצעה"]
    assert titles(client.get(url(authority, status="all"))) == ["בוצעה", "באיחור", "בזמן"]
    page = client.get(url(authority)).content.decode()
    assert "tag--danger" in page  # the overdue one is marked


def test_paginated_with_a_fixed_number_of_queries(login, authority, ceo, staff, django_assert_max_num_queries):
    client = login(staff)
    client.get(url(authority))  # warm the session and the caches

    def add(n):
        for i in range(n):
            ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo, title=f"תחקיר {i}"),
                              owner=staff, due_date=timezone.localdate() + timedelta(days=i))

    add(3)
    with CaptureQueriesContext(connection) as small:
        client.get(url(authority))
    add(40)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url(authority))
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 43
    assert client.get(url(authority, page=2)).context["page"].number == 2


def test_outsider_gets_404(login, authority, outsider):
    assert login(outsider).get(url(authority)).status_code == 404


def test_the_auditor_sees_the_page_without_actions_of_their_own(login, authority, auditor):
    response = login(auditor).get(url(authority))
    assert response.status_code == 200 and titles(response) == []
