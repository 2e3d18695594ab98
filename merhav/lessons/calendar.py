"""Lessons learned in the personal calendar feed: due dates of the user's open actions, the review meetings
the user takes part in (with their time), and follow-up dates of the reviews the user facilitates or, as
CEO, oversees — across all the user's authorities."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from merhav.notify.calendar import CalendarItem
from merhav.tenancy.roles import Role
from merhav.tenancy.selectors import memberships_of

from .models import ActionItem, FollowUp, Review


def action_calendar_item(action: ActionItem, authority_slug: str) -> CalendarItem:
    return CalendarItem(
        uid=f"lessons-action-{action.pk}",
        summary=_("Due: %(title)s") % {"title": action.title},
        start=action.due_date,
        description=action.description,
        url=reverse("lessons:action_detail", kwargs={"authority_slug": authority_slug, "action_id": action.pk}),
    )


def follow_up_calendar_item(follow_up: FollowUp, authority_slug: str) -> CalendarItem:
    return CalendarItem(
        uid=f"lessons-follow-up-{follow_up.pk}",
        summary=_("Follow-up: %(title)s") % {"title": follow_up.review.title},
        start=follow_up.due_date,
        url=reverse("lessons:follow_up", kwargs={"authority_slug": authority_slug, "review_id": follow_up.review_id}),
    )


def meeting_calendar_item(review: Review, authority_slug: str) -> CalendarItem:
    from .invitations import meeting_start

    place = f" · {review.meeting_place}" if review.meeting_place else ""
    return CalendarItem(
        # The UID of the emailed invitation's meeting is another (per site), so the two are not merged.
        uid=f"lessons-review-meeting-{review.pk}",
        summary=_("Review meeting: %(title)s") % {"title": review.title} + place,
        start=meeting_start(review) or review.meeting_date,
        url=reverse("lessons:review_detail", kwargs={"authority_slug": authority_slug, "review_id": review.pk}),
    )


def lessons_calendar(user) -> list[CalendarItem]:
    memberships = memberships_of(user)  # active memberships in active authorities, loaded once
    if not memberships:
        return []
    slugs = {authority_id: m.authority.slug for authority_id, m in memberships.items()}
    headed = [m.department_id for m in memberships.values() if m.role == Role.DEPARTMENT_HEAD and m.department_id]
    ceo_of = [authority_id for authority_id, m in memberships.items() if m.role == Role.CEO]
    accountable = Q(owner=user)
    if headed:
        accountable |= Q(owner_department_id__in=headed)
    with scopes_disabled():
        actions = ActionItem.objects.filter(
            accountable, authority_id__in=slugs, status__in=ActionItem.ACTIVE_STATUSES
        ).only("id", "title", "description", "due_date", "authority_id").order_by("due_date", "id")
        items = [action_calendar_item(action, slugs[action.authority_id]) for action in actions]
        follow_ups = FollowUp.objects.filter(
            Q(review__facilitator=user) | Q(authority_id__in=ceo_of),
            authority_id__in=slugs,
            status=FollowUp.Status.SCHEDULED,
            review__status=Review.Status.COMPLETED,
        ).select_related("review").order_by("due_date", "id")
        items += [follow_up_calendar_item(follow_up, slugs[follow_up.authority_id]) for follow_up in follow_ups]
        meetings = Review.objects.filter(
            Q(participants=user) | Q(facilitator=user), authority_id__in=slugs, status=Review.Status.DRAFT,
            meeting_date__isnull=False,
        ).distinct().order_by("meeting_date", "id")
        items += [meeting_calendar_item(review, slugs[review.authority_id]) for review in meetings]
    return items
