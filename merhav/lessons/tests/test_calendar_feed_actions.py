"""The personal calendar feed carries the due dates of the user's open actions, across their authorities."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from merhav.lessons.models import ActionItem
from merhav.lessons.services.follow_ups import schedule_follow_up
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.services import set_membership
from merhav.tenancy.tests.factories import standard_department

from .factories import ActionItemFactory, ReviewFactory
from .support import complete


def feed(client, user) -> str:
    response = client.get(reverse("notify:calendar_feed", kwargs={"token": user.ensure_calendar_token()}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_feed_has_my_open_actions_in_all_my_authorities(client, authority, other_authority, ceo, staff):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        set_membership(authority=other_authority, user=staff, role=Role.STAFF)
    today = timezone.localdate()
    here = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff, title="פעולה כאן",
                             due_date=today + timedelta(days=3))
    there = ActionItemFactory(review=ReviewFactory(authority=other_authority, created_by=staff), owner=staff,
                              title="פעולה שם", due_date=today + timedelta(days=9))
    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff, title="פעולה שבוצעה",
                      status=ActionItem.Status.DONE)
    body = feed(client, staff)
    assert f"DTSTART;VALUE=DATE:{here.due_date:%Y%m%d}" in body
    assert f"DTSTART;VALUE=DATE:{there.due_date:%Y%m%d}" in body
    assert "פעולה כאן" in body and "פעולה שם" in body
    assert "פעולה שבוצעה" not in body
    assert f"/a/{authority.slug}/lessons/actions/{here.pk}/" in body.replace("\r\n ", "")


def test_the_feed_has_the_actions_of_the_department_i_head(client, authority, ceo, department_head):
    public_information = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    action = ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo),
                               owner_department=public_information, title="של המכלול")
    body = feed(client, department_head)
    assert "של המכלול" in body and f"{action.due_date:%Y%m%d}" in body


def test_the_feed_has_nothing_of_an_authority_i_left(client, authority, ceo, staff):
    from django_scopes import scopes_disabled

    from merhav.tenancy.models import Membership

    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff, title="פעולה ישנה")
    with scopes_disabled():
        Membership.objects.filter(user=staff).update(is_active=False)
    assert "פעולה ישנה" not in feed(client, staff)


def test_the_feed_has_the_follow_up_date_for_the_facilitator_and_the_ceo(client, authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=staff, title="תחקיר לבקרה")
    complete(review, by=ceo)
    schedule_follow_up(review=review)
    for person in (staff, ceo):
        body = feed(client, person)
        assert "תחקיר לבקרה" in body
        assert f"{review.follow_up_due:%Y%m%d}" in body
