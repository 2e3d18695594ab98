"""Reads for the auditor's oversight: the dashboard figures and the recurring-lessons report.

Every figure is aggregated in the database (conditional counts, grouped once by owner, owning department
and event kind), so the dashboard costs the same few queries with 1,000 or 100,000 action items.

Definitions, shown on the page too:
- The filters select *events*: their end date (or start date when there is no end) in the period, their
  kind, and for the department filter, events the department took part in; lessons of that department;
  actions that department owns.
- A review is held when its status is held, completed or followed up; held on time when the day it was
  actually held (held_on, recorded when it is marked held, never in the future) is at most three days after
  its event ended (held_on - event end <= 3 days; earlier is on time too). The planned meeting date does
  not count: a review marked held before its meeting is not "held within 3 days" by its plan.
- A lesson has actions when at least one action answers it that was not cancelled.
- An action belongs to its owning department, or when a person owns it, to that person's department in
  the authority. Cancelled actions are left out. Done on time: done on or before the due date (the day it
  was marked done, in local time); done late: after it; overdue: open or in progress past its due date;
  open: open or in progress, not yet due.
- A follow-up is held on time when it was held on or before its date; overdue when it is still scheduled
  and its date has passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.core.cache import caches
from django.db.models import (
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_scopes import scope, scopes_disabled

from merhav.tenancy.models import Authority, Department, Membership

from ..analysis import recurring_for
from ..models import ActionItem, EventKind, FollowUp, Lesson, LessonsDataVersion, Review

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


def _event_department_q(authority: Authority, filters: OversightFilters, event_field: str) -> Q:
    if not filters.department_id:
        return Q()
    from ..models import Event

    events = Event.departments.through.objects.filter(department_id=filters.department_id).values("event_id")
    return Q(**{f"{event_field}__in": events})


def _member_departments(authority: Authority) -> dict[int, int | None]:
    """user id → their department in the authority (one query)."""
    return dict(Membership.objects.filter(authority=authority).values_list("user_id", "department_id"))


def _action_department(row: dict, member_department: dict[int, int | None]) -> int | None:
    """The department an action's row belongs to: its owning department, else its owner's department."""
    return row["owner_department_id"] or member_department.get(row["owner_id"])


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
    def cells(self) -> list[tuple[str | Promise, int]]:
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


def _review_row(authority: Authority, filters: OversightFilters) -> dict:
    event_end = Coalesce(F("event__ends_on"), F("event__starts_on"))
    deadline = ExpressionWrapper(event_end + timedelta(days=REVIEW_WITHIN_DAYS), output_field=DateField())
    held = Q(status__in=HELD_STATES)
    qs = Review.objects.filter(authority=authority).filter(_event_q(filters, "event__"))
    qs = qs.filter(_event_department_q(authority, filters, "event_id"))
    return qs.aggregate(
        total=Count("id"),
        held=Count("id", filter=held),
        on_time=Count("id", filter=held & Q(held_on__isnull=False, held_on__lte=deadline)),
    )


def _lesson_row(authority: Authority, filters: OversightFilters) -> dict:
    qs = Lesson.objects.filter(authority=authority).filter(_event_q(filters, "review__event__"))
    if filters.department_id:
        qs = qs.filter(department_id=filters.department_id)
    # The answered lessons' ids are read once (a hashed subplan), not probed once per lesson.
    answered = (ActionItem.objects.filter(authority=authority, lesson__isnull=False)
                .exclude(status=ActionItem.Status.CANCELLED).values("lesson_id"))
    return qs.aggregate(total=Count("id"), with_actions=Count("id", filter=Q(pk__in=answered)))


def _action_rows(authority: Authority, filters: OversightFilters, today: date) -> list[dict]:
    """Action outcomes grouped by (owner, owning department, event kind): one query, few rows, read from the
    lessons_action_outcomes index alone (the event's kind and date are copied onto each action). Done late: marked done (done_on, the
    local date) after the due date; on time = done - late. The department filter is applied to these rows
    by action_figures (an owner's department is membership data, not lessons data: the rows are cached)."""
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
    grouped = (
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
    rows: list[dict[str, Any]] = [dict(row) for row in grouped]
    for row in rows:
        row["done_late"] = row["done_late"] or 0
        row["done_on_time"] = row.pop("done") - row["done_late"]
    return rows


def action_figures(authority: Authority, filters: OversightFilters, figures: OversightFigures, rows: list[dict]) -> None:
    """Fold the grouped rows into the totals and the three breakdowns (two small queries for the labels)."""
    from django.contrib.auth import get_user_model

    departments = {d.pk: d.name for d in Department.objects.filter(authority=authority)}  # names: once each
    member_department = _member_departments(authority)
    owner_ids = {row["owner_id"] for row in rows if row["owner_id"]}
    owners = dict(get_user_model().objects.filter(pk__in=owner_ids).values_list("pk", "full_name")) if owner_ids else {}
    kind_labels = dict(EventKind.choices)
    if filters.department_id:
        rows = [row for row in rows if _action_department(row, member_department) == filters.department_id]
    # Folded into plain lists of the four outcomes (hundreds of rows: no attribute access per addition);
    # the Breakdown rows, with their labels, are made once per key afterwards.
    total = [0, 0, 0, 0]
    by_department: dict[int | None, list[int]] = {}
    by_owner: dict[tuple[str, int], list[int]] = {}
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        figures.actions_cancelled += row["cancelled"]
        values = (row["done_on_time"], row["done_late"], row["overdue"], row["open"])
        owner_id, owner_department_id = row["owner_id"], row["owner_department_id"]
        department_id = owner_department_id or member_department.get(owner_id)
        owner_key = ("user", owner_id) if owner_id else ("department", owner_department_id)
        for sums in (total, by_department.setdefault(department_id, [0, 0, 0, 0]),
                     by_owner.setdefault(owner_key, [0, 0, 0, 0]), by_kind.setdefault(row["event_kind"], [0, 0, 0, 0])):
            sums[0] += values[0]
            sums[1] += values[1]
            sums[2] += values[2]
            sums[3] += values[3]
    figures.actions = Breakdown("total", "", *total)

    def department_label(department_id: int | None) -> str:
        name = departments.get(department_id) if department_id is not None else None
        return name or str(_("No department"))

    def owner_label(key: tuple[str, int]) -> str:
        if key[0] == "user":
            return owners.get(key[1]) or "—"
        return str(_("%(department)s (department)") % {"department": departments.get(key[1]) or "—"})

    departments_rows = [Breakdown(key, department_label(key), *sums) for key, sums in by_department.items()]
    owner_rows = [Breakdown(key, owner_label(key), *sums) for key, sums in by_owner.items()]
    kind_rows = [Breakdown(key, str(kind_labels.get(key, key)), *sums) for key, sums in by_kind.items()]

    def ordered(items: Iterable[Breakdown]) -> list[Breakdown]:
        return sorted((b for b in items if b.total), key=lambda b: (-b.overdue, -b.total, b.label))

    figures.by_department = ordered(departments_rows)
    figures.by_owner = ordered(owner_rows)
    kind_order = {value: n for n, value in enumerate(EventKind.values)}
    figures.by_kind = sorted((b for b in kind_rows if b.total), key=lambda b: kind_order.get(str(b.key), 99))


def _follow_up_row(authority: Authority, filters: OversightFilters, today: date) -> dict:
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


def figures_version(authority_id: int) -> int:
    """How many times what the dashboard counts has changed (services.data_version.figures_changed)."""
    with scopes_disabled():
        rows = LessonsDataVersion.objects.filter(authority_id=authority_id)
        return rows.values_list("figures_version", flat=True).first() or 0


def _cache_key(authority: Authority, filters: OversightFilters, today: date) -> str:
    # The authority's creation time tells apart an authority whose id was used before (a test database).
    created = authority.created_at.timestamp() if getattr(authority, "created_at", None) else ""
    parts = (authority.pk, created, figures_version(authority.pk), today.isoformat(),
             *(str(value or "") for value in filters.key()))
    return "lessons:oversight-figures:" + ":".join(str(part) for part in parts)


def _counts(authority: Authority, filters: OversightFilters, today: date) -> dict:
    """The four aggregates (numbers and ids only, no text): reviews, lessons, actions grouped, follow-ups."""
    return {
        "reviews": _review_row(authority, filters),
        "lessons": _lesson_row(authority, filters),
        "actions": _action_rows(authority, filters, today),
        "follow_ups": _follow_up_row(authority, filters, today),
    }


def oversight_figures(authority: Authority, filters: OversightFilters | None = None, *,
                      today: date | None = None) -> OversightFigures:
    """Every figure of the dashboard.

    The four aggregate queries (reviews, lessons, actions grouped, follow-ups) run once per version of
    what they count: their numbers are kept in the cache under the authority's figures version (raised in
    the transaction of every lessons write that changes one), the day (overdue or not yet due) and the
    filters, so a repeated view reads the version row only (the entry is in the web process's memory, the
    "local" cache: a GET writes nothing). Entries of older versions are
    never read again; the cache culls them. The labels are read on every view (three small queries:
    departments, members' departments, owners' names), so renaming a department or moving a person to
    another department shows at once."""
    filters = filters or OversightFilters()
    figures = OversightFigures(today=today or timezone.localdate())
    with scope(authority=authority):
        key = _cache_key(authority, filters, figures.today)
        local = caches["local"]  # each web process's memory: a view reads no cache row and writes none
        counts = local.get(key)
        if counts is None:
            counts = _counts(authority, filters, figures.today)
            local.set(key, counts, timeout=24 * 3600)
        reviews, lessons, follow_ups = counts["reviews"], counts["lessons"], counts["follow_ups"]
        action_figures(authority, filters, figures, counts["actions"])
    figures.reviews_total = reviews["total"]
    figures.reviews_held = reviews["held"]
    figures.reviews_held_on_time = reviews["on_time"]
    figures.reviews_not_held = reviews["total"] - reviews["held"]
    figures.lessons_total = lessons["total"]
    figures.lessons_with_actions = lessons["with_actions"]
    figures.follow_ups_total = follow_ups["total"]
    figures.follow_ups_held_on_time = follow_ups["on_time"]
    figures.follow_ups_held_late = follow_ups["late"]
    figures.follow_ups_overdue = follow_ups["overdue"]
    figures.follow_ups_upcoming = follow_ups["upcoming"]
    return figures


# --- Recurring lessons ---------------------------------------------------------------------------------------


def day_of(number: int) -> date:
    return date.fromordinal(int(number))


@dataclass
class RecurringLesson:
    lesson_id: int
    review_id: int
    event_id: int
    day: int  # the ordinal of its date
    did_not_work: bool = False
    # The done action (answering an earlier similar lesson) that did not prevent this one.
    failed_action_id: int | None = None
    lesson: Lesson | None = None
    failed_action: ActionItem | None = None

    @property
    def on(self) -> date:
        return day_of(self.day)


@dataclass(eq=False)
class RecurringGroup:
    key: int
    lessons: int
    events: int
    reviews: int
    first: date
    last: date
    did_not_work: int
    representative_id: int
    table: dict = field(repr=False)  # the recurring-lessons table, and this group's rows of it by date
    rows: np.ndarray = field(repr=False)
    representative: Lesson | None = None
    # Set by with_details(): the members to show, with their lessons and failed actions loaded.
    shown: list[RecurringLesson] = field(default_factory=list)

    @property
    def members(self) -> list[RecurringLesson]:
        return self._lessons(self.rows)

    def _lessons(self, rows: np.ndarray) -> list[RecurringLesson]:
        t = self.table
        return [RecurringLesson(int(t["id"][i]), int(t["review"][i]), int(t["event"][i]), int(t["day"][i]),
                                bool(t["did_not_work"][i]), int(t["failed_action"][i]) or None) for i in rows]


class RecurringGroups(list[RecurringGroup]):
    """The groups, and whether they were computed from the current data (else: when)."""

    current: bool = True
    built_at: datetime | None = None


MEMBERS_SHOWN = 8


def _filtered_lesson_ids(authority: Authority, filters: OversightFilters) -> np.ndarray | None:
    if not filters.active:
        return None
    qs = Lesson.objects.filter(authority=authority).filter(_event_q(filters, "review__event__"))
    if filters.department_id:
        qs = qs.filter(department_id=filters.department_id)
    return np.fromiter(qs.values_list("id", flat=True), dtype=np.int64)


def recurring_groups(authority: Authority, filters: OversightFilters | None = None) -> RecurringGroups:
    """Groups of similar lessons that recur across events (lessons in the filter from two events or more),
    most widespread first, without lesson objects. A lesson "did not work" when, before its date, an
    action answering an earlier similar lesson (of another review in its group) was marked done: the
    action did not prevent the lesson from recurring; every lesson counts there, in the filter or not.
    Queries: the data version and the stored table (two), and the lessons in the filter."""
    result = recurring_for(authority)
    t = result.value
    groups = RecurringGroups()
    groups.current, groups.built_at = result.current, result.built_at
    shown = t["group"] >= 0
    with scope(authority=authority):
        included = _filtered_lesson_ids(authority, filters or OversightFilters())
    if included is not None:
        shown &= np.isin(t["id"], included)
    rows = np.flatnonzero(shown)

    def distinct_per_group(column: str) -> dict[int, int]:
        # Sorting: NumPy's hash-based unique() takes ten times longer on 50,000 int64 values.
        pairs = np.sort(t["group"][rows].astype(np.int64) << 32 | t[column][rows])
        group_of_pair = pairs[np.diff(pairs, prepend=-1) != 0] >> 32
        starts = np.flatnonzero(np.diff(group_of_pair, prepend=-2))
        return dict(zip(group_of_pair[starts].tolist(), np.diff(starts, append=len(group_of_pair)).tolist(),
                        strict=True))

    events, reviews = distinct_per_group("event"), distinct_per_group("review")
    rows = rows[np.isin(t["group"][rows], [key for key, n in events.items() if n >= 2])]
    rows = rows[np.lexsort((t["id"][rows], t["day"][rows], t["group"][rows]))]  # by group, then date
    starts = np.flatnonzero(np.diff(t["group"][rows], prepend=-2))
    for mine in np.split(rows, starts[1:]) if len(rows) else []:
        key = int(t["group"][mine[0]])
        groups.append(RecurringGroup(
            key=key, lessons=len(mine), events=events[key], reviews=reviews[key], first=day_of(t["day"][mine[0]]),
            last=day_of(t["day"][mine[-1]]), did_not_work=int(t["did_not_work"][mine].sum()),
            representative_id=int(t["id"][mine[-1]]), table=t, rows=mine,
        ))
    groups.sort(key=lambda g: (-g.events, -g.did_not_work, -g.lessons, -g.last.toordinal(), g.key))
    return groups


def with_details(groups: list[RecurringGroup], *, members_shown: int = MEMBERS_SHOWN) -> list[RecurringGroup]:
    """Copies of these groups with the lessons and failed actions to show (two queries): each group's latest
    lesson, and its latest members, those that did not work first."""
    shown: dict[int, list[RecurringLesson]] = {}
    for group in groups:
        latest = group.rows[::-1]
        flagged = group.table["did_not_work"][latest] == 1
        chosen = latest[flagged][:members_shown]
        chosen = np.concatenate([chosen, latest[~flagged][:members_shown - len(chosen)]])
        shown[group.key] = sorted(group._lessons(chosen), key=lambda x: (x.day, x.lesson_id))
    lesson_ids = {m.lesson_id for items in shown.values() for m in items} | {g.representative_id for g in groups}
    action_ids = {m.failed_action_id for items in shown.values() for m in items if m.failed_action_id}
    # Only the columns the pages and the export print (building a hundred full lessons, reviews, events and
    # actions cost the report more than the rest of its view).
    lessons = (Lesson.objects.filter(pk__in=lesson_ids).select_related("review__event")
               .only("text", "review_id", "review__event_id", "review__event__title").in_bulk())
    actions = (
        ActionItem.objects.filter(pk__in=action_ids).only("title", "done_at", "review_id", "lesson_id").in_bulk()
        if action_ids else {}
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


def recurring_lessons(authority: Authority, filters: OversightFilters | None = None, *,
                      limit: int | None = 20) -> list[RecurringGroup]:
    """The top recurring-lesson groups with their lessons loaded (the report, the dashboard, the bench)."""
    groups: list[RecurringGroup] = recurring_groups(authority, filters)
    if limit is not None:
        groups = groups[:limit]
    with scope(authority=authority):
        return with_details(groups)
