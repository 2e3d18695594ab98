"""The lessons panel of the authority dashboard: my open and overdue actions, the authority's overdue count,
reviews awaiting follow-up, and the open reviews I take part in. Five queries whatever the size of the
authority."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import ActionItem, FollowUp, Review
from .selectors.actions import ACTIVE, accountable_q, headed_department_ids

MY_NEXT = 5
MY_REVIEWS = 5
FOLLOW_UPS_SHOWN = 5


def lessons_panel_context(request) -> dict:
    authority, user = request.authority, request.user
    today = timezone.localdate()
    mine = accountable_q(user, headed_department_ids(request.membership))
    active = Q(status__in=ACTIVE)
    late = active & Q(due_date__lt=today)
    counts = ActionItem.objects.filter(authority=authority).aggregate(
        my_open=Count("id", filter=mine & active),
        my_overdue=Count("id", filter=mine & late),
        authority_overdue=Count("id", filter=late),
    )
    my_next = list(
        ActionItem.objects.filter(authority=authority, status__in=ACTIVE)
        .filter(mine)
        .select_related("review")
        .order_by("due_date", "id")[:MY_NEXT]
    )
    awaiting = FollowUp.objects.filter(
        authority=authority, status=FollowUp.Status.SCHEDULED, review__status=Review.Status.COMPLETED
    )
    my_reviews = list(
        Review.objects.filter(authority=authority, status__in=(Review.Status.DRAFT, Review.Status.HELD))
        .filter(Q(participants=user) | Q(facilitator=user))
        .distinct().order_by("meeting_date", "id")[:MY_REVIEWS]
    )
    return {
        **counts,
        "my_reviews": my_reviews,
        "my_next": my_next,
        "follow_ups": list(awaiting.select_related("review").order_by("due_date", "id")[:FOLLOW_UPS_SHOWN]),
        "awaiting_follow_up": awaiting.count(),
        "today": today,
    }

