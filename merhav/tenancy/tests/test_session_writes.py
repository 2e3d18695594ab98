"""Reading pages of one authority does not write the session on every request (a database write per page
view, and on SQLite a write lock); switching authority does."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role


def session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(1 for q in queries.captured_queries
               if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT")))


def test_the_session_is_written_only_when_the_authority_changes(login, make_user, authority, other_authority):
    user = make_user(authority=authority, role=Role.STAFF)
    Membership.objects.create(user=user, authority=other_authority, role=Role.STAFF)
    client = login(user)
    home = reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    other = reverse("tenancy:dashboard", kwargs={"authority_slug": other_authority.slug})
    client.get(home)
    assert session_writes(client, home) == 0
    assert session_writes(client, other) == 1
    assert session_writes(client, other) == 0
