"""Reads about action items that views, panels, the calendar, tasks and the API share.

Overdue is derived, never stored: an action is overdue when it is open or in progress and its due date
has passed (ActionItem.is_overdue on one row; overdue_q() in a queryset).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from merhav.accounts.models import User
from merhav.tenancy.models import Authority, Department, Membership
from merhav.tenancy.roles import WRITING_ROLES, Role

from ..models import ActionItem, Review

ACTIVE = tuple(ActionItem.ACTIVE_STATUSES)

# Filter values of the list pages: one per status, plus "active" (open or in progress, the default).
STATUS_FILTER_ACTIVE = "active"
STATUS_FILTER_ALL = "all"


def overdue_q(today: date | None = None) -> Q:
    return Q(status__in=ACTIVE, due_date__lt=today or timezone.localdate())


def _list_queryset(qs: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return qs.select_related("review", "owner", "owner_department", "lesson").order_by("due_date", "id")


def filter_actions(
    qs: QuerySet[ActionItem], *, status: str = STATUS_FILTER_ACTIVE, overdue: bool = False
) -> QuerySet[ActionItem]:
    if status == STATUS_FILTER_ACTIVE:
        qs = qs.filter(status__in=ACTIVE)
    elif status in ActionItem.Status.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q())
    return qs


def headed_department_ids(membership: Membership | None) -> list[int]:
    """The departments a member heads in this authority (a membership has at most one department)."""
    if membership is None or membership.role != Role.DEPARTMENT_HEAD or membership.department_id is None:
        return []
    return [membership.department_id]


def accountable_q(user: User, department_ids: Iterable[int]) -> Q:
    """Actions the user answers for: owned directly, or owned by a department the user heads."""
    q = Q(owner=user)
    department_ids = list(department_ids)
    if department_ids:
        q |= Q(owner_department_id__in=department_ids)
    return q


def my_actions(authority: Authority, user: User, membership: Membership | None) -> QuerySet[ActionItem]:
    return _list_queryset(
        ActionItem.objects.filter(authority=authority).filter(accountable_q(user, headed_department_ids(membership)))
    )


def department_actions(authority: Authority, department: Department) -> QuerySet[ActionItem]:
    """Actions owned by the department, or by one of its members personally."""
    member_ids = Membership.objects.filter(authority=authority, department=department, is_active=True).values("user_id")
    return _list_queryset(
        ActionItem.objects.filter(authority=authority).filter(
            Q(owner_department=department) | Q(owner_id__in=member_ids)
        )
    )


def actions_of_review(authority: Authority, review: Review) -> QuerySet[ActionItem]:
    return _list_queryset(ActionItem.objects.filter(authority=authority, review=review))


def action_detail(authority: Authority, action_id: int) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(authority=authority, pk=action_id).select_related(
        "review", "review__event", "owner", "owner_department", "lesson", "created_by"
    )


def possible_owners(authority: Authority | int) -> QuerySet[User]:
    """Members who can own an action: active, in a role that may write (not the auditor or a viewer)."""
    member_ids = Membership.objects.filter(authority=authority, is_active=True, role__in=WRITING_ROLES).values("user_id")
    from .reviews import with_member_details

    users = User.objects.filter(pk__in=member_ids, is_active=True).order_by("full_name", "email")
    return with_member_details(users, authority)


def possible_departments(authority: Authority | int) -> QuerySet[Department]:
    return Department.objects.filter(authority=authority, is_active=True).order_by("kind", "custom_name")


def department_heads(
    authority: Authority | int | None, department_ids: Iterable[int | None]
) -> dict[int, list[User]]:
    """The active heads of each department, in one query. `authority` None: the departments of every
    authority (the worker's reminders, which read with scopes disabled)."""
    wanted = {d for d in department_ids if d is not None}
    heads: dict[int, list[User]] = defaultdict(list)
    if not wanted:
        return heads
    rows = Membership.objects.filter(
        department_id__in=wanted, role=Role.DEPARTMENT_HEAD, is_active=True, user__is_active=True
    ).select_related("user")
    if authority is not None:
        rows = rows.filter(authority=authority)
    for membership in rows:
        if membership.department_id is not None:  # always: the rows are filtered on department_id__in
            heads[membership.department_id].append(membership.user)
    return heads


def accountable_users(action: ActionItem, heads: dict[int, list[User]] | None = None) -> list[User]:
    """Who answers for an action: its owner, and the heads of the owning department (no duplicates)."""
    if heads is None:
        heads = department_heads(action.authority_id, [action.owner_department_id])
    people: list[User] = []
    if action.owner_id is not None and action.owner is not None:
        people.append(action.owner)
    heads_of_department = heads.get(action.owner_department_id, []) if action.owner_department_id is not None else []
    for head in heads_of_department:
        if all(head.pk != person.pk for person in people):
            people.append(head)
    return people
