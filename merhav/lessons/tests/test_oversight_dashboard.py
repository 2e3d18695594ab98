"""The auditor's dashboard shows correct figures. The expected figures are computed here, independently,
in plain Python from the rows the test creates, following the definitions stated on the page."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from merhav.lessons.models import ActionItem, EventKind, Review
from merhav.lessons.selectors.oversight import OversightFilters, oversight_figures
from merhav.lessons.services.actions import set_action_status
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import standard_department

from .factories import ActionItemFactory, EventFactory, FollowUpFactory, LessonFactory, ReviewFactory
from .support import url

JERUSALEM = ZoneInfo("Asia/Jerusalem")
Status = ActionItem.Status


def local(day, hour, minute=0):
    """An aware time given in Israeli local time (stored in UTC)."""
    return datetime.combine(day, time(hour, minute), tzinfo=JERUSALEM)


@dataclass
class World:
    today: object
    events: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    lessons: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    member_department: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    event_departments: dict = field(default_factory=dict)


@pytest.fixture
def world(authority, make_user, staff, department_head):
    """Reviews held on time and late (3 days exactly, 4 days, earlier than the event), drafts; lessons with,
    without and with only cancelled actions; actions of every outcome owned by people and departments,
    including two done around local midnight of their due date; follow-ups of every kind."""
    T = timezone.localdate()
    w = World(today=T)
    pi = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    edu = standard_department(authority, StandardDepartment.EDUCATION)
    welfare_head = make_user(authority=authority, role=Role.DEPARTMENT_HEAD, department_kind=StandardDepartment.WELFARE)
    w.departments = {"pi": pi, "edu": edu}
    w.member_department = {staff.pk: standard_department(authority, StandardDepartment.SECURITY).pk,
                           department_head.pk: pi.pk,
                           welfare_head.pk: standard_department(authority, StandardDepartment.WELFARE).pk}

    def event(kind, start, end=None, deps=()):
        e = EventFactory(authority=authority, kind=kind, starts_on=start, ends_on=end, departments=deps,
                         title=f"{kind} {start}")
        w.events.append(e)
        w.event_departments[e.pk] = {d.pk for d in deps}
        return e

    def review(e, meeting, status):
        r = ReviewFactory(event=e, meeting_date=meeting, status=status)
        w.reviews.append(r)
        return r

    def lesson(r, dep=None):
        item = LessonFactory(review=r, text=f"לקח {len(w.lessons)}", department=dep)
        w.lessons.append(item)
        return item

    def action(r, **kw):
        a = ActionItemFactory(review=r, **kw)
        w.actions.append(a)
        return a

    e1 = event(EventKind.EMERGENCY, T - timedelta(days=101), T - timedelta(days=100), [pi])
    e2 = event(EventKind.INFRASTRUCTURE, T - timedelta(days=52), T - timedelta(days=50), [edu])
    e3 = event(EventKind.SCHOOL_YEAR, T - timedelta(days=20), None, [pi, edu])
    e4 = event(EventKind.EMERGENCY, T - timedelta(days=400), T - timedelta(days=399), [])
    r1 = review(e1, T - timedelta(days=98), Review.Status.COMPLETED)    # 2 days after: on time
    r2 = review(e1, T - timedelta(days=97), Review.Status.HELD)         # exactly 3 days: on time
    r3 = review(e2, T - timedelta(days=46), Review.Status.FOLLOWED_UP)  # 4 days: late
    review(e3, None, Review.Status.DRAFT)                               # not held
    r5 = review(e3, T - timedelta(days=21), Review.Status.HELD)         # before the event: on time
    r6 = review(e4, T - timedelta(days=389), Review.Status.COMPLETED)   # 10 days: late
    review(e2, T - timedelta(days=49), Review.Status.DRAFT)             # a date, but not held

    l1, l2 = lesson(r1, pi), lesson(r1, edu)
    l3 = lesson(r3)
    lesson(r3)
    l5 = lesson(r5, pi)
    l6 = lesson(r6, edu)
    lesson(r2, pi)

    action(r1, lesson=l1, owner=department_head, due_date=T - timedelta(days=60), status=Status.DONE,
           done_on=T - timedelta(days=61))
    action(r1, lesson=l2, owner_department=edu, due_date=T - timedelta(days=60), status=Status.CANCELLED)
    action(r3, lesson=l3, owner_department=edu, due_date=T - timedelta(days=5), status=Status.OPEN)
    action(r3, owner=staff, due_date=T + timedelta(days=10), status=Status.IN_PROGRESS)
    action(r5, lesson=l5, owner=staff, due_date=T - timedelta(days=15), status=Status.DONE,
           done_on=T - timedelta(days=10))
    action(r5, lesson=l5, owner=department_head, owner_department=edu, due_date=T, status=Status.OPEN)
    action(r6, lesson=l6, owner=welfare_head, due_date=T - timedelta(days=380), status=Status.DONE,
           done_on=T - timedelta(days=370))
    action(r6, owner=welfare_head, due_date=T - timedelta(days=370), status=Status.IN_PROGRESS)
    # Around midnight: 23:30 local on the due date is on time; 00:30 local the next day is late (in UTC
    # both are still on the due date).
    due = T - timedelta(days=70)
    action(r1, owner=staff, due_date=due, status=Status.DONE, done_at=local(due, 23, 30))
    action(r1, owner=staff, due_date=due, status=Status.DONE, done_at=local(due + timedelta(days=1), 0, 30))

    for r, due_on, held in ((r1, T - timedelta(days=68), T - timedelta(days=68)),
                            (r3, T - timedelta(days=16), T - timedelta(days=10)),
                            (r6, T - timedelta(days=359), None),
                            (r2, T + timedelta(days=5), None)):
        w.follow_ups.append(FollowUpFactory(review=r, due_date=due_on, held_on=held))
    return w


# --- The figures, computed independently -----------------------------------------------------------------


def event_end(e):
    return e.ends_on or e.starts_on


def event_selected(e, f: OversightFilters, departments_of) -> bool:
    end = event_end(e)
    if f.kind and e.kind != f.kind:
        return False
    if f.date_from and end < f.date_from:
        return False
    if f.date_to and end > f.date_to:
        return False
    return not (f.department_id and f.department_id not in departments_of[e.pk])


def expected(w: World, f: OversightFilters) -> dict:
    departments_of = w.event_departments
    event_of = {r.pk: r.event for r in w.reviews}
    reviews = [r for r in w.reviews if event_selected(r.event, f, departments_of)]
    held = [r for r in reviews if r.status in ("held", "completed", "followed_up")]
    on_time = [r for r in held if r.held_on and (r.held_on - event_end(r.event)).days <= 3]

    def event_only(e):
        return event_selected(e, OversightFilters(f.date_from, f.date_to, None, f.kind), departments_of)

    lessons = [x for x in w.lessons if event_only(event_of[x.review_id])
               and (not f.department_id or x.department_id == f.department_id)]
    answered = {a.lesson_id for a in w.actions if a.lesson_id and a.status != Status.CANCELLED}

    def action_department(a):
        return a.owner_department_id or w.member_department.get(a.owner_id)

    def outcome(a):
        if a.status == Status.DONE:
            late = a.done_at is not None and timezone.localtime(a.done_at).date() > a.due_date
            return "done_late" if late else "done_on_time"
        return "overdue" if a.due_date < w.today else "open"

    actions = [a for a in w.actions if event_only(event_of[a.review_id])
               and (not f.department_id or action_department(a) == f.department_id)]
    counted = [a for a in actions if a.status != Status.CANCELLED]
    totals = {"done_on_time": 0, "done_late": 0, "overdue": 0, "open": 0}
    by_department, by_owner, by_kind = {}, {}, {}
    for a in counted:
        kind = outcome(a)
        totals[kind] += 1
        owner_key = ("user", a.owner_id) if a.owner_id else ("department", a.owner_department_id)
        for table, key in ((by_department, action_department(a)), (by_owner, owner_key),
                           (by_kind, event_of[a.review_id].kind)):
            table.setdefault(key, {"done_on_time": 0, "done_late": 0, "overdue": 0, "open": 0})[kind] += 1
    follow_ups = [x for x in w.follow_ups if event_selected(event_of[x.review_id], f, departments_of)]
    return {
        "reviews": (len(reviews), len(held), len(on_time)),
        "lessons": (len(lessons), sum(1 for x in lessons if x.pk in answered)),
        "actions": totals,
        "cancelled": sum(1 for a in actions if a.status == Status.CANCELLED),
        "by_department": by_department,
        "by_owner": by_owner,
        "by_kind": by_kind,
        "follow_ups": (
            len(follow_ups),
            sum(1 for x in follow_ups if x.held_on and x.held_on <= x.due_date),
            sum(1 for x in follow_ups if x.held_on and x.held_on > x.due_date),
            sum(1 for x in follow_ups if not x.held_on and x.due_date < w.today),
            sum(1 for x in follow_ups if not x.held_on and x.due_date >= w.today),
        ),
    }


def shown(figures) -> dict:
    """The figures the page shows, in the shape of expected()."""
    def table(rows):
        return {b.key: {"done_on_time": b.done_on_time, "done_late": b.done_late, "overdue": b.overdue,
                        "open": b.open} for b in rows}

    return {
        "reviews": (figures.reviews_total, figures.reviews_held, figures.reviews_held_on_time),
        "lessons": (figures.lessons_total, figures.lessons_with_actions),
        "actions": {"done_on_time": figures.actions.done_on_time, "done_late": figures.actions.done_late,
                    "overdue": figures.actions.overdue, "open": figures.actions.open},
        "cancelled": figures.actions_cancelled,
        "by_department": table(figures.by_department),
        "by_owner": table(figures.by_owner),
        "by_kind": table(figures.by_kind),
        "follow_ups": (figures.follow_ups_total, figures.follow_ups_held_on_time, figures.follow_ups_held_late,
                       figures.follow_ups_overdue, figures.follow_ups_upcoming),
    }


def test_the_figures_match_an_independent_count(authority, world):
    want = expected(world, OversightFilters())
    # The scenario really covers each case (so that a wrong rule would show).
    assert want["reviews"] == (7, 5, 3)
    assert want["lessons"] == (7, 4)
    assert want["actions"] == {"done_on_time": 2, "done_late": 3, "overdue": 2, "open": 2}
    assert shown(oversight_figures(authority, today=world.today)) == want


def test_the_dashboard_page_shows_the_figures_to_the_auditor(login, auditor, authority, world):
    response = login(auditor).get(url("oversight", authority))
    assert response.status_code == 200
    assert shown(response.context["figures"]) == expected(world, OversightFilters())
    page = response.content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img"') == 7
    assert "<table" in page


@pytest.mark.parametrize("query, make_filters", [
    ({"kind": EventKind.EMERGENCY}, lambda w: OversightFilters(kind=EventKind.EMERGENCY)),
    ({"department": "pi"}, lambda w: OversightFilters(department_id=w.departments["pi"].pk)),
    ({"department": "edu"}, lambda w: OversightFilters(department_id=w.departments["edu"].pk)),
    ({"period": "365"}, lambda w: OversightFilters(date_from=w.today - timedelta(days=365))),
    ({"date_from": -60, "date_to": -10}, lambda w: OversightFilters(date_from=w.today - timedelta(days=60),
                                                                    date_to=w.today - timedelta(days=10))),
])
def test_filters(login, auditor, authority, world, query, make_filters):
    params = {}
    for key, value in query.items():
        if key == "department":
            params[key] = world.departments[value].pk
        elif key.startswith("date_"):
            params[key] = (world.today + timedelta(days=value)).isoformat()
        else:
            params[key] = value
    response = login(auditor).get(url("oversight", authority), params)
    assert response.status_code == 200
    want = expected(world, make_filters(world))
    assert shown(response.context["figures"]) == want
    assert want != expected(world, OversightFilters())  # the filter changed something


def test_a_period_ending_before_it_starts_is_refused_beside_the_field(login, auditor, authority, world):
    response = login(auditor, language="en").get(url("oversight", authority), {"date_from": "2025-05-01",
                                                                               "date_to": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    assert shown(response.context["figures"]) == expected(world, OversightFilters())


def test_the_ceo_sees_the_dashboard_and_staff_may_not(login, ceo, staff, authority, world):
    assert login(ceo).get(url("oversight", authority)).status_code == 200
    assert login(staff).get(url("oversight", authority)).status_code == 403


def test_the_outsider_gets_404(login, outsider, authority, world):
    assert login(outsider).get(url("oversight", authority)).status_code == 404


def test_the_dashboard_is_read_only(login, auditor, authority, world):
    assert login(auditor).post(url("oversight", authority)).status_code == 405


def test_figures_follow_a_change_of_status(authority, world, staff):
    """Recomputed when the data changes, although the figures are kept while it does not."""
    from django_scopes import scope

    before = oversight_figures(authority, today=world.today)
    open_action = next(a for a in world.actions if a.status == Status.IN_PROGRESS and a.due_date > world.today)
    with scope(authority=authority):
        open_action.refresh_from_db()
    set_action_status(action=open_action, status=Status.DONE, by=staff, version=open_action.version,
                      evidence="Done.")
    after = oversight_figures(authority, today=world.today)
    assert after.actions.open == before.actions.open - 1
    assert after.actions.done_on_time == before.actions.done_on_time + 1


def test_figures_follow_the_services_edits_of_events_and_actions(authority, world, ceo, staff):
    """The figures read copies of the event's kind and date and of the local day an action was marked done
    (kept on each action so that the dashboard reads one index): the services keep them true."""
    import time_machine
    from django_scopes import scope

    from merhav.lessons.services.events import update_event

    event = world.reviews[0].event  # r1: an emergency with actions of several outcomes
    with scope(authority=authority):
        departments = list(event.departments.all())
    update_event(event=event, by=ceo, version=event.version, title=event.title, kind=EventKind.SCHOOL_YEAR,
                 starts_on=world.today - timedelta(days=400), ends_on=world.today - timedelta(days=399),
                 departments=departments)
    pending = next(a for a in world.actions if a.status == Status.IN_PROGRESS and a.due_date > world.today)
    # Marked done at 23:30 Israeli summer time on its due date: 20:30 UTC, the due date in both zones; and
    # one at 00:30 the day after its due date (21:30 UTC on the due date): late.
    late = next(a for a in world.actions if a.status == Status.OPEN and a.due_date < world.today)
    with time_machine.travel(local(pending.due_date, 23, 30), tick=False):
        set_action_status(action=pending, status=Status.DONE, by=staff, version=pending.version, evidence="נעשה")
    with time_machine.travel(local(late.due_date + timedelta(days=1), 0, 30), tick=False):
        set_action_status(action=late, status=Status.DONE, by=staff, version=late.version, evidence="נעשה")
    with scope(authority=authority):
        for r in world.reviews:
            r.event.refresh_from_db()
        world.actions = [ActionItem.objects.get(pk=a.pk) for a in world.actions]
    for filters in (OversightFilters(), OversightFilters(kind=EventKind.SCHOOL_YEAR),
                    OversightFilters(kind=EventKind.EMERGENCY),
                    OversightFilters(date_from=world.today - timedelta(days=365))):
        assert shown(oversight_figures(authority, filters, today=world.today)) == expected(world, filters)
    assert expected(world, OversightFilters(kind=EventKind.SCHOOL_YEAR))["by_kind"]
    assert world.actions[world.actions.index(late)].done_on == late.due_date + timedelta(days=1)
