"""The inbox page: the user's own notifications, newest first; mark one or all as read; the unread
badge in the header."""

import re

import pytest
from django.urls import reverse

from merhav.notify.models import Notification
from merhav.notify.services import send_notification

INBOX = reverse("notify:inbox")
MARK_READ = reverse("notify:mark_read")


def note(user, title, **extra):
    return send_notification(recipient=user, kind="test", title=title, email=False, **extra)


def badge(response) -> str | None:
    match = re.search(r'<span class="badge"[^>]*>(\d+)</span>', response.content.decode())
    return match.group(1) if match else None


def test_shows_own_notifications_newest_first(login, staff, ceo):
    note(staff, "First for staff")
    note(staff, "Second for staff", url="/notifications/?x=1")
    note(ceo, "For the CEO only")
    response = login(staff).get(INBOX)
    assert response.status_code == 200
    titles = [n.title for n in response.context["page"].object_list]
    assert titles == ["Second for staff", "First for staff"]
    content = response.content.decode()
    assert "For the CEO only" not in content
    assert 'href="/notifications/?x=1"' in content


def test_the_badge_counts_unread(login, staff, authority):
    note(staff, "One")
    note(staff, "Two")
    client = login(staff)
    assert badge(client.get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))) == "2"


def test_no_badge_when_all_is_read(login, staff):
    note(staff, "One")
    client = login(staff)
    client.post(MARK_READ)
    assert badge(client.get(INBOX)) is None


def test_mark_one_as_read(login, staff):
    first = note(staff, "One")
    second = note(staff, "Two")
    response = login(staff).post(MARK_READ, {"id": [first.pk]})
    assert response.status_code == 302 and response["Location"] == INBOX
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_mark_all_as_read(login, staff):
    note(staff, "One")
    note(staff, "Two")
    login(staff).post(MARK_READ)
    assert not Notification.objects.filter(recipient=staff, read_at__isnull=True).exists()


def test_cannot_mark_someone_elses(login, staff, ceo):
    theirs = note(ceo, "The CEO's")
    login(staff).post(MARK_READ, {"id": [theirs.pk, "not-a-number"]})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_post(login, staff):
    assert login(staff).get(MARK_READ).status_code == 405


def test_anonymous_is_sent_to_log_in(client, db):
    assert client.get(INBOX)["Location"].startswith(reverse("accounts:login"))


def test_empty_inbox(login, staff):
    response = login(staff).get(INBOX)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("count", [2, 30])
def test_query_count_does_not_grow(login, staff, authority, count, django_assert_max_num_queries):
    for n in range(count):
        note(staff, f"Note {n}", authority=authority)
    client = login(staff)
    client.get(INBOX)
    with django_assert_max_num_queries(8):
        response = client.get(INBOX)
    assert len(response.context["page"].object_list) == min(count, 25)
