"""Reads for the auditor's oversight: the dashboard figures and the recurring-lessons report.

Every figure is aggregated in the database (conditional counts, grouped once by owner, owning department
and event kind), so the dashboard costs the same few queries with 1,000 or 100,000 action items.

Definitions, shown on the page too:
- The filters select *events*: their end date (or start date when there is no end) in the period, their
  kind, and for the department filter, events the department took part in; lessons of that department;
  actions that department owns.
- A review is held when its status is held, completed or followed up; held on time when its meeting date
  is at most three days after its event ended (meeting_date - event end <= 3 days; earlier is on time too).
- A lesson has actions when at least one action answers it that was not cancelled.
- An action belongs to its owning department, or when a person owns it, to that person's department in
  the authority. Cancelled actions are left out. Done on time: done on or before the due date (the day it
  was marked done, in local time); done late: after it; overdue: open or in progress past its due date;
  open: open or in progress, not yet due.
- A follow-up is held on time when it was held on or before its date; overdue when it is still scheduled
  and its date has passed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from time import monotonic

import numpy as np
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from merhav.tenancy.models import Department, Membership

from ..models import ActionItem, EventKind, FollowUp, Lesson, Review
from ..similarity import index_for, wording_groups

HELD_STATES = (Review.Status.HELD, Review.Status.COMPLETED, Review.Status.FOLLOWED_UP)
REVIEW_WITHIN_DAYS = 3
ACTIVE = tuple(ActionItem.ACTIVE_STATUSES)

# The four action outcomes, in the order of the charts and tables.
ACTION_OUTCOMES = (
    ("done_on_time", _("Done on time")),
    ("done_late", _("Done late")),
    ("overdue", _("Overdue")),
    ("open", _("Open, not yet due")),
)


@dataclass(frozen=True)
class OversightFilters:
    date_from: date | None = None
    date_to: date | None = None
    department_id: int | None = None
    kind: str = ""

    @property
    def active(self) -> bool:
        return bool(self.date_from or self.date_to or self.department_id or self.kind)

    def key(self) -> tuple:
        return (self.date_from, self.date_to, self.department_id, self.kind)


def _event_q(filters: OversightFilters, prefix: str) -> Q:
    """The filters on events, for a model reaching the event through `prefix` ("event__", "review__event__")."""
    q = Q()
    if filters.kind:
        q &= Q(**{f"{prefix}kind": filters.kind})
    if filters.date_from:
        q &= Q(**{f"{prefix}ends_on__gte": filters.date_from}) | Q(
            **{f"{prefix}ends_on__isnull": True, f"{prefix}starts_on__gte": filters.date_from}
        )
    if filters.date_to:
        q &= Q(**{f"{prefix}ends_on__lte": filters.date_to}) | Q(
            **{f"{prefix}ends_on__isnull": True, f"{prefix}starts_on__lte": filters.date_to}
        )
    return q


def _event_department_q(authority, filters: OversightFilters, event_field: str) -> Q:
    if not filters.department_id:
        return Q()
    from ..models import Event

    events = Event.departments.through.objects.filter(department_id=filters.department_id).values("event_id")
    return Q(**{f"{event_field}__in": events})


def _member_departments(authority) -> dict[int, int | None]:
    """user id → their department in the authority (one query)."""
    return dict(Membership.objects.filter(authority=authority).values_list("user_id", "department_id"))


def _action_department_q(authority, department_id: int) -> Q:
    members = Membership.objects.filter(authority=authority, department_id=department_id).values("user_id")
    return Q(owner_department_id=department_id) | Q(owner_department__isnull=True, owner_id__in=members)


# --- Figures -------------------------------------------------------------------------------------------------


@dataclass
class Breakdown:
    """One row of a breakdown table: a label and the four action outcomes."""

    key: object
    label: str
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.overdue + self.open

    @property
    def values(self) -> list[int]:
        return [getattr(self, name) for name, _label in ACTION_OUTCOMES]

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(outcome label, count) for the table's cells."""
        return [(label, getattr(self, name)) for name, label in ACTION_OUTCOMES]

    def add(self, row: dict) -> None:
        for name, _label in ACTION_OUTCOMES:
            setattr(self, name, getattr(self, name) + row[name])


@dataclass
class OversightFigures:
    today: date
    reviews_total: int = 0
    reviews_held: int = 0
    reviews_held_on_time: int = 0
    reviews_not_held: int = 0
    lessons_total: int = 0
    lessons_with_actions: int = 0
    actions: Breakdown = field(default_factory=lambda: Breakdown("total", ""))
    actions_cancelled: int = 0
    by_department: list[Breakdown] = field(default_factory=list)
    by_owner: list[Breakdown] = field(default_factory=list)
    by_kind: list[Breakdown] = field(default_factory=list)
    follow_ups_total: int = 0
    follow_ups_held_on_time: int = 0
    follow_ups_held_late: int = 0
    follow_ups_overdue: int = 0
    follow_ups_upcoming: int = 0

    @property
    def reviews_held_late(self) -> int:
        return self.reviews_held - self.reviews_held_on_time

    @property
    def lessons_without_actions(self) -> int:
        return self.lessons_total - self.lessons_with_actions


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _review_row(authority, filters: OversightFilters) -> dict:
    event_end = Coalesce(F("event__ends_on"), F("event__starts_on"))
    deadline = ExpressionWrapper(event_end + timedelta(days=REVIEW_WITHIN_DAYS), output_field=DateField())
    held = Q(status__in=HELD_STATES)
    qs = Review.objects.filter(authority=authority).filter(_event_q(filters, "event__"))
    qs = qs.filter(_event_department_q(authority, filters, "event_id"))
    return qs.aggregate(
        total=Count("id"),
        held=Count("id", filter=held),
        on_time=Count("id", filter=held & Q(meeting_date__isnull=False, meeting_date__lte=deadline)),
    )


def _lesson_row(authority, filters: OversightFilters) -> dict:
    qs = Lesson.objects.filter(authority=authority).filter(_event_q(filters, "review__event__"))
    if filters.department_id:
        qs = qs.filter(department_id=filters.department_id)
    answered = ActionItem.objects.filter(lesson_id=OuterRef("pk")).exclude(status=ActionItem.Status.CANCELLED)
    return qs.annotate(answered=Exists(answered)).aggregate(
        total=Count("id"), with_actions=Count("id", filter=Q(answered=True))
    )


def _action_rows(authority, filters: OversightFilters, today: date) -> list[dict]:
    """Action outcomes grouped by (owner, owning department, event kind): one query, few rows. "Done late"
    converts the time it was marked done to a local date, once per done row; on time = done - late."""
    done = Q(status=ActionItem.Status.DONE)
    late = Case(When(done & Q(done_at__isnull=False, done_at__date__gt=F("due_date")), then=1), default=0,
                output_field=IntegerField())
    active = Q(status__in=ACTIVE)
    qs = ActionItem.objects.filter(authority=authority).filter(_event_q(filters, "review__event__"))
    if filters.department_id:
        qs = qs.filter(_action_department_q(authority, filters.department_id))
    rows = list(
        qs.values("owner_id", "owner_department_id", "review__event__kind")
        .annotate(
            done=Count("id", filter=done),
            done_late=Sum(late),
            overdue=Count("id", filter=active & Q(due_date__lt=today)),
            open=Count("id", filter=active & Q(due_date__gte=today)),
            cancelled=Count("id", filter=Q(status=ActionItem.Status.CANCELLED)),
        )
        .order_by()
    )
    for row in rows:
        row["done_late"] = row["done_late"] or 0
        row["done_on_time"] = row.pop("done") - row["done_late"]
    return rows


def action_figures(authority, filters: OversightFilters, figures: OversightFigures, rows: list[dict]) -> None:
    """Fold the grouped rows into the totals and the three breakdowns (two small queries for the labels)."""
    from django.contrib.auth import get_user_model

    departments = {d.pk: d.name for d in Department.objects.filter(authority=authority)}  # names: once each
    member_department = _member_departments(authority)
    owner_ids = {row["owner_id"] for row in rows if row["owner_id"]}
    owners = dict(get_user_model().objects.filter(pk__in=owner_ids).values_list("pk", "full_name")) if owner_ids else {}
    by_department: dict[object, Breakdown] = {}
    by_owner: dict[object, Breakdown] = {}
    by_kind: dict[str, Breakdown] = {}
    kind_labels = dict(EventKind.choices)
    for row in rows:
        figures.actions_cancelled += row["cancelled"]
        figures.actions.add(row)
        department_id = row["owner_department_id"] or member_department.get(row["owner_id"])
        if department_id not in by_department:
            by_department[department_id] = Breakdown(
                department_id, departments.get(department_id) or str(_("No department"))
            )
        by_department[department_id].add(row)
        if row["owner_id"]:
            owner_key = ("user", row["owner_id"])
            owner_label = owners.get(row["owner_id"]) or "—"
        else:
            owner_key = ("department", row["owner_department_id"])
            owner_label = None
        if owner_key not in by_owner:
            if owner_label is None:
                name = departments.get(row["owner_department_id"]) or "—"
                owner_label = str(_("%(department)s (department)") % {"department": name})
            by_owner[owner_key] = Breakdown(owner_key, owner_label)
        by_owner[owner_key].add(row)
        kind = row["review__event__kind"]
        if kind not in by_kind:
            by_kind[kind] = Breakdown(kind, str(kind_labels.get(kind, kind)))
        by_kind[kind].add(row)

    def ordered(items):
        return sorted((b for b in items if b.total), key=lambda b: (-b.overdue, -b.total, b.label))

    figures.by_department = ordered(by_department.values())
    figures.by_owner = ordered(by_owner.values())
    kind_order = {value: n for n, value in enumerate(EventKind.values)}
    figures.by_kind = sorted((b for b in by_kind.values() if b.total), key=lambda b: kind_order.get(b.key, 99))


def _follow_up_row(authority, filters: OversightFilters, today: date) -> dict:
    held = Q(status=FollowUp.Status.HELD)
    scheduled = Q(status=FollowUp.Status.SCHEDULED)
    qs = FollowUp.objects.filter(authority=authority).filter(_event_q(filters, "review__event__"))
    qs = qs.filter(_event_department_q(authority, filters, "review__event_id"))
    return qs.aggregate(
        total=Count("id"),
        on_time=Count("id", filter=held & Q(held_on__isnull=False, held_on__lte=F("due_date"))),
        late=Count("id", filter=held & (Q(held_on__isnull=True) | Q(held_on__gt=F("due_date")))),
        overdue=Count("id", filter=scheduled & Q(due_date__lt=today)),
        upcoming=Count("id", filter=scheduled & Q(due_date__gte=today)),
    )


def data_version(authority) -> tuple:
    """A fingerprint of everything the figures read, in one query: counts and last changes of actions and
    reviews, counts and version sums of events, follow-ups and memberships, lessons' count, highest id and
    change counter. Every service write moves one of them."""
    from django.core.cache import cache

    from ..models import Event
    from ..similarity import _generation_key

    def over(model, function, name):
        return Subquery(
            model.objects.filter(authority=OuterRef("pk")).order_by().values("authority")
            .annotate(x=function(name)).values("x")
        )

    def latest(model, name):
        # ORDER BY … LIMIT 1 reads one entry of an (authority, name) index; MAX() with GROUP BY reads them all.
        return Subquery(model.objects.filter(authority=OuterRef("pk")).order_by(f"-{name}").values(name)[:1])

    row = (
        type(authority).objects.filter(pk=authority.pk)
        .annotate(
            actions=over(ActionItem, Count, "id"), actions_at=latest(ActionItem, "updated_at"),
            reviews=over(Review, Count, "id"), reviews_at=latest(Review, "updated_at"),
            events=over(Event, Count, "id"), events_v=over(Event, Sum, "version"),
            follow_ups=over(FollowUp, Count, "id"), follow_ups_v=over(FollowUp, Sum, "version"),
            members=over(Membership, Count, "id"), members_v=over(Membership, Sum, "version"),
            lessons=over(Lesson, Count, "id"), lessons_top=latest(Lesson, "id"),
        )
        .values_list("actions", "actions_at", "reviews", "reviews_at", "events", "events_v", "follow_ups",
                     "follow_ups_v", "members", "members_v", "lessons", "lessons_top")
        .get()
    )
    return (*row, cache.get(_generation_key(authority.pk), 0))


# Results computed from the same data are kept per process (least recently used out, and at most a few
# minutes, for writes that bypass the services): the figures of 100,000 actions take a second on SQLite.
_memo: OrderedDict[tuple, tuple[float, object]] = OrderedDict()
_memo_lock = threading.Lock()
MEMO_SIZE = 64
MEMO_SECONDS = 300


def _memoized(key: tuple, compute):
    now = monotonic()
    with _memo_lock:
        hit = _memo.get(key)
        if hit is not None and now - hit[0] < MEMO_SECONDS:
            _memo.move_to_end(key)
            return hit[1]
    value = compute()
    with _memo_lock:
        _memo[key] = (now, value)
        _memo.move_to_end(key)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return value


def forget_memo() -> None:
    with _memo_lock:
        _memo.clear()


def oversight_figures(authority, filters: OversightFilters | None = None, *, today: date | None = None,
                      version: tuple | None = None) -> OversightFigures:
    """Every figure of the dashboard. Four aggregate queries (reviews, lessons, actions grouped, follow-ups)
    whatever the number of rows, reused while data_version() stays the same; and three small ones for
    the labels (departments, members' departments, owners' names)."""
    with scope(authority=authority):
        return _oversight_figures(authority, filters or OversightFilters(), today=today, version=version)


def _oversight_figures(authority, filters: OversightFilters, *, today: date | None, version: tuple | None):
    figures = OversightFigures(today=today or timezone.localdate())
    version = version if version is not None else data_version(authority)

    def compute():
        return (
            _review_row(authority, filters),
            _lesson_row(authority, filters),
            _action_rows(authority, filters, figures.today),
            _follow_up_row(authority, filters, figures.today),
        )

    reviews, lessons, actions, follow_ups = _memoized(
        ("figures", authority.pk, filters.key(), figures.today, version), compute
    )
    figures.reviews_total = reviews["total"]
    figures.reviews_held = reviews["held"]
    figures.reviews_held_on_time = reviews["on_time"]
    figures.reviews_not_held = reviews["total"] - reviews["held"]
    figures.lessons_total = lessons["total"]
    figures.lessons_with_actions = lessons["with_actions"]
    action_figures(authority, filters, figures, actions)
    figures.follow_ups_total = follow_ups["total"]
    figures.follow_ups_held_on_time = follow_ups["on_time"]
    figures.follow_ups_held_late = follow_ups["late"]
    figures.follow_ups_overdue = follow_ups["overdue"]
    figures.follow_ups_upcoming = follow_ups["upcoming"]
    return figures


# --- Recurring lessons ---------------------------------------------------------------------------------------


@dataclass
class RecurringLesson:
    lesson_id: int
    review_id: int
    event_id: int
    on: date | None
    did_not_work: bool = False
    # The done action (answering an earlier similar lesson) that did not prevent this one.
    failed_action_id: int | None = None
    lesson: Lesson | None = None
    failed_action: ActionItem | None = None


@dataclass
class RecurringGroup:
    key: int
    lessons: int
    events: int
    reviews: int
    first: date | None
    last: date | None
    did_not_work: int
    members: list[RecurringLesson]
    representative_id: int = 0
    representative: Lesson | None = None


MEMBERS_SHOWN = 8


def _lesson_meta(authority):
    """(id, review_id, event_id, date) of every lesson of the authority: the date is its review's meeting
    date, or the event's date while the review has not met. Dates, not times: 50,000 rows parse fast."""
    on = Coalesce(F("review__meeting_date"), F("review__event__ends_on"), F("review__event__starts_on"))
    return list(
        Lesson.objects.filter(authority=authority)
        .annotate(on=on)
        .values_list("id", "review_id", "review__event_id", "on")
        .order_by("id")
    )


def _filtered_lesson_ids(authority, filters: OversightFilters) -> set[int] | None:
    if not filters.active:
        return None
    qs = Lesson.objects.filter(authority=authority).filter(_event_q(filters, "review__event__"))
    if filters.department_id:
        qs = qs.filter(department_id=filters.department_id)
    return set(qs.values_list("id", flat=True))


def _done_actions(authority):
    """(id, lesson_id, day marked done) of the done actions that answer a lesson."""
    return list(
        ActionItem.objects.filter(authority=authority, status=ActionItem.Status.DONE, lesson__isnull=False,
                                  done_at__isnull=False)
        .annotate(done_on=Cast("done_at", DateField()))
        .values_list("id", "lesson_id", "done_on")
        .order_by("done_on", "id")
    )


def recurring_groups(authority, filters: OversightFilters | None = None, *,
                     version: tuple | None = None) -> list[RecurringGroup]:
    """Groups of similar lessons that recur across events, most widespread first (no lesson objects).

    A lesson "did not work" when, before its date, an action answering an earlier similar lesson (of
    another review in its group) was marked done: the action did not prevent the lesson from recurring.
    Queries: data_version(); when it changed, the similarity index's fingerprint (two), the lessons, the
    filter, the done actions. Treat the result as read-only (it is shared while the data stays the same).
    """
    filters = filters or OversightFilters()
    with scope(authority=authority):
        version = version if version is not None else data_version(authority)
        return _memoized(("recurring", authority.pk, filters.key(), version),
                         lambda: _compute_recurring_groups(authority, filters))


def _compute_recurring_groups(authority, filters: OversightFilters) -> list[RecurringGroup]:
    index = index_for(authority)
    wording_group = wording_groups(index)
    meta = _lesson_meta(authority)
    if not meta or not len(index.lesson_ids):
        return []
    included = _filtered_lesson_ids(authority, filters)
    ids = np.fromiter((m[0] for m in meta), dtype=np.int64, count=len(meta))
    position = np.clip(np.searchsorted(index.lesson_ids, ids), 0, len(index.lesson_ids) - 1)
    known = index.lesson_ids[position] == ids
    group_of = np.where(known, wording_group[index.lesson_rows[position]], -1)
    lesson_group: dict[int, int] = {}
    lesson_review: dict[int, int] = {}
    members: dict[int, list[RecurringLesson]] = defaultdict(list)
    for (lesson_id, review_id, event_id, on), group in zip(meta, group_of.tolist(), strict=True):
        if group < 0:
            continue
        lesson_group[lesson_id] = group
        lesson_review[lesson_id] = review_id
        if included is None or lesson_id in included:
            members[group].append(RecurringLesson(lesson_id, review_id, event_id, on))
    # Keep the groups that recur across events.
    members = {g: m for g, m in members.items() if len({x.event_id for x in m}) >= 2}
    if not members:
        return []
    # Per group, the earliest done action, and the earliest of another review than that one's.
    first_done: dict[int, tuple] = {}
    second_done: dict[int, tuple] = {}
    for action_id, lesson_id, done_on in _done_actions(authority):
        group = lesson_group.get(lesson_id)
        if group not in members:
            continue
        entry = (done_on, lesson_review[lesson_id], action_id)
        if group not in first_done:
            first_done[group] = entry
        elif group not in second_done and entry[1] != first_done[group][1]:
            second_done[group] = entry
    groups = []
    for group, lessons in members.items():
        first, second = first_done.get(group), second_done.get(group)
        flagged = 0
        for item in lessons:
            before = first if first is not None and first[1] != item.review_id else second
            if before is not None and item.on is not None and before[0] < item.on:
                item.did_not_work = True
                item.failed_action_id = before[2]
                flagged += 1
        dates = [x.on for x in lessons if x.on is not None]
        lessons.sort(key=lambda x: (x.on or date.min, x.lesson_id))
        groups.append(RecurringGroup(
            key=group, lessons=len(lessons), events=len({x.event_id for x in lessons}),
            reviews=len({x.review_id for x in lessons}), first=min(dates, default=None),
            last=max(dates, default=None), did_not_work=flagged, members=lessons,
            representative_id=lessons[-1].lesson_id,
        ))
    groups.sort(key=lambda g: (-g.events, -g.did_not_work, -g.lessons, -(g.last or date.min).toordinal(), g.key))
    return groups


def with_details(groups: list[RecurringGroup], *, members_shown: int = MEMBERS_SHOWN) -> list[RecurringGroup]:
    """Copies of these groups with the lessons and failed actions to show (two queries): each group's latest
    lesson, and its latest members, those that did not work first."""
    shown: dict[int, list[RecurringLesson]] = {}
    for group in groups:
        latest = list(reversed(group.members))
        chosen = [m for m in latest if m.did_not_work][:members_shown]
        chosen += [m for m in latest if not m.did_not_work][:members_shown - len(chosen)]
        shown[group.key] = sorted(chosen, key=lambda x: (x.on or date.min, x.lesson_id))
    lesson_ids = {m.lesson_id for items in shown.values() for m in items} | {g.representative_id for g in groups}
    action_ids = {m.failed_action_id for items in shown.values() for m in items if m.failed_action_id}
    lessons = Lesson.objects.filter(pk__in=lesson_ids).select_related("review", "review__event").in_bulk()
    actions = (
        ActionItem.objects.filter(pk__in=action_ids).select_related("review", "lesson").in_bulk() if action_ids else {}
    )
    detailed = []
    for group in groups:
        copy = replace(group, representative=lessons.get(group.representative_id))
        copy.shown = [
            replace(m, lesson=lessons[m.lesson_id], failed_action=actions.get(m.failed_action_id))
            for m in shown[group.key] if m.lesson_id in lessons
        ]
        detailed.append(copy)
    return detailed


def recurring_lessons(authority, filters: OversightFilters | None = None, *, limit: int | None = 20,
                      version: tuple | None = None) -> list[RecurringGroup]:
    """The top recurring-lesson groups with their lessons loaded (the report, the dashboard, the bench)."""
    groups = recurring_groups(authority, filters, version=version)
    if limit is not None:
        groups = groups[:limit]
    with scope(authority=authority):
        return with_details(groups)
