"""The lessons panel of the authority dashboard: my open and overdue actions, the authority's overdue count,
reviews awaiting follow-up, and the open reviews I take part in.

Kept in this process's memory (the "local" cache) under the authority's lessons figures version, which every
lessons service that changes an action, a review or a follow-up counts (services.data_version), with the
day, the user and the departments they head in the key: one query (the version) on a repeated view, five
when anything changed. Plain data only (numbers, strings, dates), never model instances."""

from django.core.cache import caches
from django.db.models import Count, Q
from django.utils import timezone

from merhav.core.prepared import Prepared

from .models import ActionItem, FollowUp, LessonsDataVersion, Review
from .selectors.actions import ACTIVE, accountable_q, headed_department_ids

MY_NEXT = 5
MY_REVIEWS = 5
FOLLOW_UPS_SHOWN = 5
KEPT_FOR = 24 * 3600

# What selectors.oversight.figures_version reads, compiled once per process (every dashboard view reads it).
_figures_version = Prepared(
    lambda authority_id: LessonsDataVersion.objects.filter(authority_id=authority_id).values_list("figures_version"),
    int,
)


def figures_version(authority_id: int) -> int:
    rows = _figures_version(authority_id)
    return rows[0][0] if rows else 0


def lessons_panel_context(request) -> dict:
    authority, user = request.authority, request.user
    today = timezone.localdate()
    headed = sorted(headed_department_ids(request.membership))
    created = authority.created_at.timestamp() if getattr(authority, "created_at", None) else ""
    key = (f"lessons:panel:{authority.pk}:{created}:{figures_version(authority.pk)}:{today.isoformat()}:"
           f"{user.pk}:{','.join(map(str, headed))}")
    local = caches["local"]
    panel = local.get(key)
    if panel is None:
        panel = _panel(authority, user, headed, today)
        local.set(key, panel, timeout=KEPT_FOR)
    return {**panel, "today": today}


def _panel(authority, user, headed: list[int], today) -> dict:
    mine = accountable_q(user, headed)
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
        .order_by("due_date", "id")
        .values("pk", "title", "due_date")[:MY_NEXT]
    )
    awaiting = FollowUp.objects.filter(
        authority=authority, status=FollowUp.Status.SCHEDULED, review__status=Review.Status.COMPLETED
    )
    my_reviews = list(
        Review.objects.filter(authority=authority, status__in=(Review.Status.DRAFT, Review.Status.HELD))
        .filter(Q(participants=user) | Q(facilitator=user))
        .distinct().order_by("meeting_date", "id")
        .values("pk", "title", "meeting_date", "meeting_time")[:MY_REVIEWS]
    )
    return {
        **counts,
        "my_reviews": my_reviews,
        "my_next": my_next,
        "follow_ups": list(awaiting.order_by("due_date", "id")
                           .values("review_id", "review__title", "due_date")[:FOLLOW_UPS_SHOWN]),
        "awaiting_follow_up": awaiting.count(),
    }
