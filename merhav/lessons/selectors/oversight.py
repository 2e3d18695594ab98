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
from typing import NamedTuple

import numpy as np
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
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
    """Action outcomes grouped by (owner, owning department, event kind): one query, few rows, read from the
    lessons_action_outcomes index alone (the event's kind and date are copied onto each action). Done late: marked done (done_on, the
    local date) after the due date; on time = done - late."""
    done = Q(status=ActionItem.Status.DONE)
    late = Case(When(done & Q(done_on__gt=F("due_date")), then=1), default=0, output_field=IntegerField())
    active = Q(status__in=ACTIVE)
    qs = ActionItem.objects.filter(authority=authority)
    if filters.kind:
        qs = qs.filter(event_kind=filters.kind)
    if filters.date_from:
        qs = qs.filter(event_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(event_on__lte=filters.date_to)
    if filters.department_id:
        qs = qs.filter(_action_department_q(authority, filters.department_id))
    rows = list(
        qs.values("owner_id", "owner_department_id", "event_kind")
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
        kind = row["event_kind"]
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


class DataVersion(NamedTuple):
    """A fingerprint of everything the oversight results read. Every service write moves one of its parts."""

    actions: int
    actions_at: object
    reviews: int
    reviews_at: object
    events: int
    events_v: int
    follow_ups: int
    follow_ups_v: int
    members: int
    members_v: int
    lessons: int
    lessons_top: int
    done: int  # actions done, and the latest change among them: moved by a status change to or from done,
    done_at: object  # or by an edit of a done action (a write that bypasses updated_at is not seen)
    generation: int  # the similarity index's wording generation (lessons edited)

    def lessons_part(self) -> tuple:
        """What lessons' dates, groups and the lesson filter depend on (not the actions)."""
        return (self.reviews, self.reviews_at, self.events, self.events_v, self.lessons, self.lessons_top,
                self.generation)

    def recurring_part(self) -> tuple:
        """What the recurring report depends on: the lessons, and which actions answering them are done."""
        return (*self.lessons_part(), self.done, self.done_at)


def data_version(authority) -> DataVersion:
    """The fingerprint of the authority's lessons data, in one query (counts, version sums and latest changes,
    each read from an index) and one cache read."""
    from django.core.cache import cache

    from ..models import Event
    from ..similarity import _generation_key

    def over(model, function, name, **where):
        return Subquery(
            model.objects.filter(authority=OuterRef("pk"), **where).order_by().values("authority")
            .annotate(x=function(name)).values("x")
        )

    def latest(model, name, **where):
        # ORDER BY … LIMIT 1 reads one entry of an (authority, name) index; MAX() with GROUP BY reads them all.
        return Subquery(model.objects.filter(authority=OuterRef("pk"), **where).order_by(f"-{name}").values(name)[:1])

    done = {"status": ActionItem.Status.DONE}
    row = (
        type(authority).objects.filter(pk=authority.pk)
        .annotate(
            actions=over(ActionItem, Count, "id"), actions_at=latest(ActionItem, "updated_at"),
            reviews=over(Review, Count, "id"), reviews_at=latest(Review, "updated_at"),
            events=over(Event, Count, "id"), events_v=over(Event, Sum, "version"),
            follow_ups=over(FollowUp, Count, "id"), follow_ups_v=over(FollowUp, Sum, "version"),
            members=over(Membership, Count, "id"), members_v=over(Membership, Sum, "version"),
            lessons=over(Lesson, Count, "id"), lessons_top=latest(Lesson, "id"),
            done=over(ActionItem, Count, "id", **done), done_at=latest(ActionItem, "updated_at", **done),
        )
        .values_list(*DataVersion._fields[:-1])
        .get()
    )
    return DataVersion(*row, cache.get(_generation_key(authority.pk), 0))


# Results computed from the same data are kept per process (least recently used out, and at most a few
# minutes, for writes that bypass the services): the figures of 100,000 actions take a second on SQLite.
_memo: OrderedDict[tuple, tuple[float, object]] = OrderedDict()
_memo_lock = threading.Lock()
# How many results of each kind a process keeps: recurring groups of 50,000 lessons weigh megabytes, the
# figures kilobytes.
MEMO_SIZES = {"figures": 48, "recurring": 6, "lesson_meta": 4, "lesson_filter": 16}
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
        same_kind = [k for k in _memo if k[0] == key[0]]
        for old in same_kind[: max(0, len(same_kind) - MEMO_SIZES.get(key[0], 16))]:
            del _memo[old]
    return value


def forget_memo() -> None:
    with _memo_lock:
        _memo.clear()


def oversight_figures(authority, filters: OversightFilters | None = None, *, today: date | None = None,
                      version: DataVersion | None = None) -> OversightFigures:
    """Every figure of the dashboard. Four aggregate queries (reviews, lessons, actions grouped, follow-ups)
    whatever the number of rows, reused while data_version() stays the same; and three small ones for
    the labels (departments, members' departments, owners' names)."""
    with scope(authority=authority):
        return _oversight_figures(authority, filters or OversightFilters(), today=today, version=version)


def _oversight_figures(authority, filters: OversightFilters, *, today: date | None, version: DataVersion | None):
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


EPOCH = date(2000, 1, 1)


class DayNumber(Func):
    """Days since 2000-01-01 of a date or (UTC) timestamp, as an integer computed by the database: 50,000
    integers come back far faster than 50,000 dates or times that Python has to parse."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        # Any other database: the plain date difference in days.
        return self.as_postgresql(compiler, connection, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(julianday(date({sql})) - julianday('2000-01-01') AS INTEGER)", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(CAST({sql} AS date) - DATE '2000-01-01')", params


def day_of(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


@dataclass
class RecurringLesson:
    lesson_id: int
    review_id: int
    event_id: int
    day: int  # DayNumber of its date
    did_not_work: bool = False
    # The done action (answering an earlier similar lesson) that did not prevent this one.
    failed_action_id: int | None = None
    lesson: Lesson | None = None
    failed_action: ActionItem | None = None

    @property
    def on(self) -> date:
        return day_of(self.day)


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


def _lesson_meta(authority) -> np.ndarray:
    """[id, review_id, event_id, day] of every lesson of the authority, by id: the day is its review's meeting
    date, or the event's date while the review has not met."""
    on = Coalesce(F("review__meeting_date"), F("review__event__ends_on"), F("review__event__starts_on"))
    rows = list(
        Lesson.objects.filter(authority=authority)
        .annotate(day=DayNumber(on))
        .values_list("id", "review_id", "review__event_id", "day")
        .order_by("id")
    )
    return np.array(rows, dtype=np.int64).reshape(-1, 4)


def _filtered_lesson_ids(authority, filters: OversightFilters) -> np.ndarray | None:
    if not filters.active:
        return None
    qs = Lesson.objects.filter(authority=authority).filter(_event_q(filters, "review__event__"))
    if filters.department_id:
        qs = qs.filter(department_id=filters.department_id)
    return np.sort(np.fromiter(qs.values_list("id", flat=True), dtype=np.int64))


def _int_rows(queryset, width: int) -> np.ndarray:
    """The rows of a values_list() of integers as an array, fetched without Django's per-row conversions
    (50,000 rows: 40 ms instead of 150 ms on SQLite)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, width)


def _done_actions(authority) -> np.ndarray:
    """[id, lesson_id, local day marked done] of the done actions that answer a lesson (from the
    lessons_action_lesson_done index alone)."""
    return _int_rows(
        ActionItem.objects.filter(authority=authority, lesson__isnull=False, status=ActionItem.Status.DONE,
                                  done_on__isnull=False)
        .annotate(day=DayNumber("done_on"))
        .values_list("id", "lesson_id", "day")
        .order_by(),
        3,
    )


def recurring_groups(authority, filters: OversightFilters | None = None, *,
                     version: DataVersion | None = None) -> list[RecurringGroup]:
    """Groups of similar lessons that recur across events, most widespread first (no lesson objects).

    A lesson "did not work" when, before its date, an action answering an earlier similar lesson (of
    another review in its group) was marked done: the action did not prevent the lesson from recurring.
    Queries: data_version(); when it changed, the similarity index's fingerprint (two), the lessons, the
    filter, the done actions. Treat the result as read-only (it is shared while the data stays the same).
    """
    filters = filters or OversightFilters()
    with scope(authority=authority):
        version = version if version is not None else data_version(authority)
        return _memoized(("recurring", authority.pk, filters.key(), version.recurring_part()),
                         lambda: _compute_recurring_groups(authority, filters, version))


def _first_per_group(groups: np.ndarray, order_keys: tuple) -> np.ndarray:
    """Index of the first row of each group, rows ordered by order_keys (lexsort, last key primary)."""
    order = np.lexsort(order_keys)
    firsts = order[np.concatenate(([True], groups[order][1:] != groups[order][:-1]))] if len(order) else order
    return firsts


def _compute_recurring_groups(authority, filters: OversightFilters, version: DataVersion) -> list[RecurringGroup]:
    index = index_for(authority)
    wording_group = wording_groups(index)
    # The lessons, their dates and the filter do not change when actions do: kept apart.
    lessons_version = version.lessons_part()
    meta = _memoized(("lesson_meta", authority.pk, lessons_version), lambda: _lesson_meta(authority))
    if not len(meta) or not len(index.lesson_ids):
        return []
    ids, reviews, events, days = meta.T
    position = np.clip(np.searchsorted(index.lesson_ids, ids), 0, len(index.lesson_ids) - 1)
    known = index.lesson_ids[position] == ids
    group_of = np.where(known, wording_group[index.lesson_rows[position]], -1)
    included = _memoized(("lesson_filter", authority.pk, filters.key(), lessons_version),
                         lambda: _filtered_lesson_ids(authority, filters))
    shown = group_of >= 0
    if included is not None:
        shown &= np.isin(ids, included, assume_unique=True)
    # Groups that recur: lessons (in the filter) from two events or more.
    pairs = np.unique(np.stack([group_of[shown], events[shown]], axis=1), axis=0) if shown.any() else np.zeros((0, 2))
    group_ids, event_counts = np.unique(pairs[:, 0], return_counts=True) if len(pairs) else (np.zeros(0), np.zeros(0))
    recurring = set(group_ids[event_counts >= 2].tolist())
    if not recurring:
        return []
    # Per group, the earliest done action, and the earliest one from another review than that one's
    # (every lesson of the group counts here, in the filter or not).
    first_day, first_review, first_action = {}, {}, {}
    second_day, second_action = {}, {}
    done = _done_actions(authority)
    if len(done):
        where = np.clip(np.searchsorted(ids, done[:, 1]), 0, len(ids) - 1)
        ok = (ids[where] == done[:, 1]) & (group_of[where] >= 0)
        done, where = done[ok], where[ok]
        action_group, action_review = group_of[where], reviews[where]
        firsts = _first_per_group(action_group, (done[:, 0], done[:, 2], action_group))
        for i in firsts.tolist():
            g = int(action_group[i])
            first_day[g], first_review[g], first_action[g] = int(done[i, 2]), int(action_review[i]), int(done[i, 0])
        review_of_first = np.full(int(action_group.max()) + 1, -1, dtype=np.int64)
        review_of_first[np.fromiter(first_review, dtype=np.int64)] = np.fromiter(first_review.values(), dtype=np.int64)
        other = review_of_first[action_group] != action_review
        for i in np.flatnonzero(other)[_first_per_group(action_group[other],
                                                        (done[other, 0], done[other, 2], action_group[other]))].tolist():
            g = int(action_group[i])
            second_day[g], second_action[g] = int(done[i, 2]), int(done[i, 0])
    members: dict[int, list[RecurringLesson]] = defaultdict(list)
    candidates = np.flatnonzero(shown)
    order = candidates[np.lexsort((ids[candidates], days[candidates]))]
    for i in order.tolist():
        g = int(group_of[i])
        if g not in recurring:
            continue
        item = RecurringLesson(int(ids[i]), int(reviews[i]), int(events[i]), int(days[i]))
        if g in first_day:
            if first_review[g] != item.review_id:
                before, action = first_day[g], first_action[g]
            else:
                before, action = second_day.get(g), second_action.get(g)
            if before is not None and before < item.day:
                item.did_not_work, item.failed_action_id = True, action
        members[g].append(item)
    groups = []
    for g, lessons in members.items():
        groups.append(RecurringGroup(
            key=g, lessons=len(lessons), events=len({x.event_id for x in lessons}),
            reviews=len({x.review_id for x in lessons}), first=lessons[0].on, last=lessons[-1].on,
            did_not_work=sum(1 for x in lessons if x.did_not_work), members=lessons,
            representative_id=lessons[-1].lesson_id,
        ))
    groups.sort(key=lambda g: (-g.events, -g.did_not_work, -g.lessons, -g.last.toordinal(), g.key))
    return groups


def with_details(groups: list[RecurringGroup], *, members_shown: int = MEMBERS_SHOWN) -> list[RecurringGroup]:
    """Copies of these groups with the lessons and failed actions to show (two queries): each group's latest
    lesson, and its latest members, those that did not work first."""
    shown: dict[int, list[RecurringLesson]] = {}
    for group in groups:
        latest = list(reversed(group.members))
        chosen = [m for m in latest if m.did_not_work][:members_shown]
        chosen += [m for m in latest if not m.did_not_work][:members_shown - len(chosen)]
        shown[group.key] = sorted(chosen, key=lambda x: (x.day, x.lesson_id))
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
                      version: DataVersion | None = None) -> list[RecurringGroup]:
    """The top recurring-lesson groups with their lessons loaded (the report, the dashboard, the bench)."""
    groups = recurring_groups(authority, filters, version=version)
    if limit is not None:
        groups = groups[:limit]
    with scope(authority=authority):
        return with_details(groups)
