"""The lessons panel on the authority dashboard: my open and overdue actions, the authority's overdue count,
reviews awaiting follow-up — with a fixed number of queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope as in_scope_of

from merhav.lessons.models import ActionItem
from merhav.lessons.services.actions import set_action_status
from merhav.lessons.services.follow_ups import schedule_follow_up
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .factories import ActionItemFactory, ReviewFactory
from .support import complete


def dashboard(authority):
    return reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})


def panel(response):
    return next(p for p in response.context["panels"] if p["key"] == "lessons")


def test_the_panel_counts_my_actions_the_authoritys_overdue_and_awaiting_follow_ups(
    login, authority, ceo, staff, department_head
):
    today = timezone.localdate()
    review = ReviewFactory(authority=authority, created_by=ceo, meeting_date=today - timedelta(days=20))
    public_information = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    ActionItemFactory(review=review, owner=department_head, title="שלי בזמן", due_date=today + timedelta(days=3))
    ActionItemFactory(review=review, owner_department=public_information, title="של המכלול באיחור",
                      due_date=today - timedelta(days=1))
    ActionItemFactory(review=review, owner=staff, title="של אחר באיחור", due_date=today - timedelta(days=5))
    ActionItemFactory(review=review, owner=department_head, title="בוצעה", due_date=today - timedelta(days=5),
                      status=ActionItem.Status.DONE, evidence="x", done_at=timezone.now())
    finished = complete(ReviewFactory(authority=authority, created_by=ceo, title="ממתין לבקרה"), by=ceo)
    schedule_follow_up(review=finished)

    response = login(department_head).get(dashboard(authority))
    numbers = panel(response)
    assert (numbers["my_open"], numbers["my_overdue"], numbers["authority_overdue"], numbers["awaiting_follow_up"]) == (
        2, 1, 2, 1
    )
    assert [a["title"] for a in numbers["my_next"]] == ["של המכלול באיחור", "שלי בזמן"]
    page = response.content.decode()
    assert "ממתין לבקרה" in page and "של המכלול באיחור" in page


def test_the_auditor_sees_the_authoritys_figures(login, authority, ceo, staff, auditor):
    late_review = ReviewFactory(authority=authority, created_by=ceo, meeting_date=timezone.localdate() - timedelta(days=9))
    ActionItemFactory(review=late_review, owner=staff, due_date=timezone.localdate() - timedelta(days=1))
    numbers = panel(login(auditor).get(dashboard(authority)))
    assert (numbers["my_open"], numbers["authority_overdue"]) == (0, 1)


def test_the_panel_runs_a_fixed_number_of_queries(login, authority, ceo, staff, django_assert_max_num_queries):
    client = login(staff)
    client.get(dashboard(authority))

    def add(n):
        for i in range(n):
            review = ReviewFactory(authority=authority, created_by=ceo)
            ActionItemFactory(review=review, owner=staff, due_date=timezone.localdate() + timedelta(days=i - 2))
            schedule_follow_up(review=complete(review, by=ceo))

    add(2)
    with CaptureQueriesContext(connection) as small:
        client.get(dashboard(authority))
    add(20)
    with django_assert_max_num_queries(len(small)):
        response = client.get(dashboard(authority))
    assert panel(response)["awaiting_follow_up"] == 22


def test_a_change_through_the_services_shows_on_the_next_view(login, authority, ceo, department_head):
    review = ReviewFactory(authority=authority, created_by=ceo)
    action = ActionItemFactory(review=review, owner=department_head, due_date=timezone.localdate() + timedelta(days=3))
    client = login(department_head)
    assert panel(client.get(dashboard(authority)))["my_open"] == 1
    with in_scope_of(authority=authority):
        set_action_status(action=action, status=ActionItem.Status.CANCELLED, by=ceo, version=action.version)
    assert panel(client.get(dashboard(authority)))["my_open"] == 0


def test_a_repeated_view_reads_only_the_version(login, authority, ceo, department_head):
    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=department_head)
    client = login(department_head)
    client.get(dashboard(authority))
    with CaptureQueriesContext(connection) as queries:
        client.get(dashboard(authority))
    lessons_reads = [q["sql"] for q in queries.captured_queries if 'FROM "lessons_' in q["sql"]]
    assert len(lessons_reads) == 1 and 'FROM "lessons_lessonsdataversion"' in lessons_reads[0]
