"""The authority dashboard runs a fixed number of SQL queries, however much data there is.

Each panel's context must run a fixed number of queries (merhav/ui/dashboard.py). If a new panel makes
this fail, give its selector select_related/prefetch_related or an aggregate instead of a loop.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.tenancy import services
from merhav.tenancy.models import Department, StandardDepartment
from merhav.tenancy.roles import Role

# The whole request: session, user, memberships, 2FA device, the panels, the header (notifications).
MAX_QUERIES = 30


def grow(authority, make_user, make_authority, members: int, extra_departments: int, neighbours: int):
    """Add members in every role, departments, and other authorities the members also belong to."""
    roles = [Role.STAFF, Role.DEPARTMENT_HEAD, Role.VIEWER, Role.AUDITOR, Role.PARTNERSHIPS_MANAGER]
    kinds = list(StandardDepartment.values)
    with scopes_disabled():
        for n in range(extra_departments):
            Department.objects.create(authority=authority, kind=StandardDepartment.OTHER, custom_name=f"Unit {n}")
        others = [make_authority() for _ in range(neighbours)]
        for n in range(members):
            user = make_user(authority=authority, role=roles[n % len(roles)], department_kind=kinds[n % len(kinds)])
            for other in others:
                services.set_membership(authority=other, user=user, role=Role.STAFF)


def dashboard_queries(client, authority) -> int:
    url = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    client.get(url)  # warm the session and per-process caches, as any second page view would
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["ceo", "staff", "auditor"])
def test_dashboard_query_count_does_not_grow_with_data(viewer, request, login, authority, make_user, make_authority,
                                                       django_assert_max_num_queries):
    user = request.getfixturevalue(viewer)
    client = login(user)
    grow(authority, make_user, make_authority, members=3, extra_departments=1, neighbours=1)
    small = dashboard_queries(client, authority)

    grow(authority, make_user, make_authority, members=40, extra_departments=15, neighbours=3)
    url = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200
    large = dashboard_queries(client, authority)

    assert large == small, f"the dashboard ran {small} queries with little data and {large} with more"
