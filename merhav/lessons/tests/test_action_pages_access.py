"""Who reaches the action and follow-up pages: the auditor reads but every write is refused (403, logged);
an outsider from another authority gets 404 everywhere."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.lessons.models import ActionItem, FollowUp, Review
from merhav.lessons.services.follow_ups import schedule_follow_up

from .factories import ActionItemFactory, ReviewFactory
from .support import complete


@pytest.fixture
def world(authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=staff)
    action = ActionItemFactory(review=review, owner=staff)
    done_review = complete(ReviewFactory(authority=authority, created_by=ceo, facilitator=staff, title="הושלם"), by=ceo)
    ActionItemFactory(review=done_review, owner=staff)
    schedule_follow_up(review=done_review)
    return {"review": review, "action": action, "done_review": done_review}


def urls(authority, world):
    slug = authority.slug
    review, action, done_review = world["review"], world["action"], world["done_review"]
    return {
        "add": reverse("lessons:action_add", kwargs={"authority_slug": slug, "review_id": review.pk}),
        "edit": reverse("lessons:action_edit", kwargs={"authority_slug": slug, "action_id": action.pk}),
        "status": reverse("lessons:action_status", kwargs={"authority_slug": slug, "action_id": action.pk}),
        "detail": reverse("lessons:action_detail", kwargs={"authority_slug": slug, "action_id": action.pk}),
        "ics": reverse("lessons:action_ics", kwargs={"authority_slug": slug, "action_id": action.pk}),
        "mine": reverse("lessons:my_actions", kwargs={"authority_slug": slug}),
        "department": reverse("lessons:department_actions", kwargs={"authority_slug": slug}),
        "follow_up": reverse("lessons:follow_up", kwargs={"authority_slug": slug, "review_id": done_review.pk}),
    }


def test_the_auditor_reads_the_pages(login, authority, auditor, world):
    client = login(auditor)
    for name in ("detail", "ics", "mine", "department", "follow_up"):
        assert client.get(urls(authority, world)[name]).status_code == 200, name


def test_the_auditor_cannot_write_anything_and_each_attempt_is_logged(login, authority, auditor, staff, world):
    client = login(auditor)
    targets = urls(authority, world)
    action = world["action"]
    attempts = {
        "add": {"title": "א", "owner": staff.pk, "due_date": timezone.localdate().isoformat()},
        "edit": {"title": "א", "owner": staff.pk, "due_date": action.due_date.isoformat(), "version": 1},
        "status": {"status": "cancelled", "version": 1},
        "follow_up": {"held_on": timezone.localdate().isoformat(), "version": 1},
    }
    for name, data in attempts.items():
        assert client.post(targets[name], data).status_code == 403, name
    assert client.get(targets["add"]).status_code == 403
    assert client.get(targets["edit"]).status_code == 403
    assert AuditEntry.objects.filter(user=auditor, action="denied").count() == len(attempts)
    with scope(authority=authority):
        assert ActionItem.objects.count() == 2
        assert ActionItem.objects.get(pk=action.pk).status == ActionItem.Status.OPEN
        assert not FollowUp.objects.filter(status=FollowUp.Status.HELD).exists()
        assert Review.objects.get(pk=world["done_review"].pk).status == Review.Status.COMPLETED


def test_the_outsider_gets_404_everywhere(login, authority, outsider, world):
    client = login(outsider)
    for name, target in urls(authority, world).items():
        assert client.get(target).status_code == 404, name
        assert client.post(target, {}).status_code == 404, name


def test_an_action_of_another_authority_is_404_inside_mine(login, authority, other_authority, outsider, ceo):
    theirs = ActionItemFactory(review=ReviewFactory(authority=other_authority, created_by=outsider), owner=outsider)
    response = login(ceo).get(
        reverse("lessons:action_detail", kwargs={"authority_slug": authority.slug, "action_id": theirs.pk})
    )
    assert response.status_code == 404


def test_a_completed_review_takes_no_new_actions(login, authority, ceo, staff, world):
    response = login(ceo).get(
        reverse("lessons:action_add", kwargs={"authority_slug": authority.slug, "review_id": world["done_review"].pk})
    )
    assert response.status_code == 403
