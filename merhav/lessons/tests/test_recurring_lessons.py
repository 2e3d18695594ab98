"""The recurring-lessons report groups similar lessons across events over time, and flags a lesson that
recurred after an action answering an earlier similar lesson was marked done: the action did not work."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from django_scopes import scope

from merhav.lessons.models import ActionItem, EventKind
from merhav.lessons.selectors.oversight import OversightFilters, recurring_groups, recurring_lessons

from .factories import ActionItemFactory, EventFactory, LessonFactory, ReviewFactory
from .support import url

JAN = date(2025, 1, 10)
POWER = "לא היו הודעות נצורות מוכנות לפגיעה בתשתית החשמל"
WATER = "לא היו הודעות נצורות מוכנות לפגיעה בתשתית המים"
SEALED = "לא היו הודעות נצורות מוכנות מראש לפגיעה בתשתית"
BUSES = "ההסעות לבתי הספר לא תואמו עם ההורים"


def review_on(authority, day: date, *, kind=EventKind.EMERGENCY, title="אירוע"):
    event = EventFactory(authority=authority, starts_on=day, ends_on=day, kind=kind, title=title)
    return ReviewFactory(event=event, meeting_date=day + timedelta(days=2))


@pytest.fixture
def history(authority, staff):
    """Three events with the same lesson; its action was done between the first and the second."""
    first = review_on(authority, JAN)
    early = review_on(authority, JAN + timedelta(days=10))
    later = review_on(authority, JAN + timedelta(days=60), kind=EventKind.INFRASTRUCTURE)
    lessons = {
        "first": LessonFactory(review=first, text=POWER),
        "early": LessonFactory(review=early, text=SEALED),  # before the action was done: not a failure
        "later": LessonFactory(review=later, text=WATER),   # after it: the action did not work
        "buses": LessonFactory(review=later, text=BUSES),
    }
    action = ActionItemFactory(review=first, lesson=lessons["first"], owner=staff, due_date=JAN + timedelta(days=40),
                               status=ActionItem.Status.DONE, done_on=JAN + timedelta(days=30))
    return {"lessons": lessons, "action": action}


def members(group):
    return {m.lesson_id: m for m in group.members}


def test_the_report_groups_the_recurring_lesson_across_events(authority, history):
    groups = recurring_groups(authority)
    assert len(groups) == 1
    group = groups[0]
    lessons = history["lessons"]
    assert set(members(group)) == {lessons["first"].pk, lessons["early"].pk, lessons["later"].pk}
    assert (group.lessons, group.events, group.reviews) == (3, 3, 3)
    assert group.first == JAN + timedelta(days=2) and group.last == JAN + timedelta(days=62)


def test_a_lesson_after_a_done_action_is_flagged_the_action_did_not_work(authority, history):
    group = recurring_groups(authority)[0]
    by_lesson = members(group)
    lessons = history["lessons"]
    assert by_lesson[lessons["later"].pk].did_not_work
    assert by_lesson[lessons["later"].pk].failed_action_id == history["action"].pk
    assert not by_lesson[lessons["first"].pk].did_not_work  # its own action
    assert not by_lesson[lessons["early"].pk].did_not_work  # recorded before the action was done
    assert group.did_not_work == 1


def test_an_action_reopened_flags_nothing_any_more(authority, history):
    assert recurring_groups(authority)[0].did_not_work == 1
    with scope(authority=authority):  # as the action services write a status change
        ActionItem.objects.filter(pk=history["action"].pk).update(
            status=ActionItem.Status.OPEN, done_at=None, updated_at=timezone.now()
        )
    assert recurring_groups(authority)[0].did_not_work == 0


def test_the_report_follows_the_action_services(authority, history, staff):
    """Follows an action answering a lesson moving between done and not done."""
    from merhav.lessons.services.actions import set_action_status

    action = history["action"]
    with scope(authority=authority):
        other = ActionItemFactory(review=action.review, lesson=history["lessons"]["first"], owner=staff,
                                  due_date=JAN + timedelta(days=90))
    assert recurring_groups(authority)[0].did_not_work == 1
    set_action_status(action=other, status=ActionItem.Status.IN_PROGRESS, by=staff, version=other.version)
    assert recurring_groups(authority)[0].did_not_work == 1
    with time_machine.travel(timezone.make_aware(datetime(2025, 1, 14, 12)), tick=False):
        action = set_action_status(action=action, status=ActionItem.Status.IN_PROGRESS, by=staff, version=action.version)
    assert recurring_groups(authority)[0].did_not_work == 0
    with time_machine.travel(timezone.make_aware(datetime(2025, 1, 15, 12)), tick=False):
        set_action_status(action=action, status=ActionItem.Status.DONE, by=staff, version=action.version, evidence="נעשה")
    # Done again, on 15 January: before the "early" lesson's review too, so both later ones did not work.
    assert recurring_groups(authority)[0].did_not_work == 2


def test_similar_lessons_of_one_event_do_not_recur(authority):
    review = review_on(authority, JAN)
    LessonFactory(review=review, text=POWER)
    LessonFactory(review=review, text=WATER)
    assert recurring_groups(authority) == []


def test_arabic_lessons_recur_too(authority):
    LessonFactory(review=review_on(authority, JAN), text="لم تكن هناك رسائل معدة مسبقا لانقطاع الكهرباء")
    LessonFactory(review=review_on(authority, JAN + timedelta(days=90)),
                  text="لَمْ تَكُنْ هُنَاكَ رَسَائِلُ مُعَدَّةٌ مُسْبَقًا لإنْقِطَاعِ الكَهْرَبَاءِ")
    assert [g.events for g in recurring_groups(authority)] == [2]


def test_filters_choose_the_events(authority, history):
    only_emergencies = recurring_groups(authority, OversightFilters(kind=EventKind.EMERGENCY))
    assert [g.events for g in only_emergencies] == [2]
    # The flag still sees the action of an event outside the filter.
    assert only_emergencies[0].did_not_work == 0
    infrastructure = recurring_groups(authority, OversightFilters(kind=EventKind.INFRASTRUCTURE))
    assert infrastructure == []  # one event left: nothing recurs
    late = recurring_groups(authority, OversightFilters(date_from=JAN + timedelta(days=5)))
    assert [(g.events, g.did_not_work) for g in late] == [(2, 1)]


def test_other_authorities_lessons_are_not_grouped_with_ours(authority, other_authority, history):
    LessonFactory(review=review_on(other_authority, JAN + timedelta(days=100)), text=POWER)
    assert recurring_groups(other_authority) == []
    assert recurring_groups(authority)[0].events == 3


def test_recurring_lessons_loads_what_the_page_shows(authority, history):
    group = recurring_lessons(authority)[0]
    assert group.representative.pk == history["lessons"]["later"].pk
    shown = {m.lesson_id: m for m in group.shown}
    assert shown[history["lessons"]["later"].pk].failed_action.pk == history["action"].pk
    assert shown[history["lessons"]["first"].pk].lesson.review.event.title


def test_the_report_page_lists_the_group_and_the_failed_action(login, staff, authority, history):
    response = login(staff, language="en").get(url("recurring", authority))
    assert response.status_code == 200
    page = response.content.decode()
    later = history["lessons"]["later"]
    assert f"#lesson-{later.pk}" in page
    assert "The action did not work" in page
    assert url("action_detail", authority, action_id=history["action"].pk) in page
    assert BUSES not in page


def test_the_report_filters_by_kind(login, staff, authority, history):
    response = login(staff).get(url("recurring", authority), {"kind": EventKind.INFRASTRUCTURE})
    assert f"#lesson-{history['lessons']['later'].pk}" not in response.content.decode()


def test_the_outsider_gets_404_and_the_auditor_reads(login, outsider, auditor, authority, history):
    assert login(outsider).get(url("recurring", authority)).status_code == 404
    assert login(auditor).get(url("recurring", authority)).status_code == 200


@pytest.mark.parametrize("events", [3, 12])
def test_the_report_costs_a_fixed_number_of_queries(login, staff, authority, events, django_assert_max_num_queries):
    for n in range(events):
        review = review_on(authority, JAN + timedelta(days=20 * n))
        lesson = LessonFactory(review=review, text=POWER if n % 2 else WATER)
        ActionItemFactory(review=review, lesson=lesson, owner=staff, due_date=JAN + timedelta(days=20 * n + 10),
                          status=ActionItem.Status.DONE, done_on=JAN + timedelta(days=20 * n + 5))
    client = login(staff)
    with django_assert_max_num_queries(22):
        assert client.get(url("recurring", authority)).status_code == 200
