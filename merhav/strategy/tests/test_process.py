"""The process as the system drives it: dates proposed from the step before, moved when a meeting is held
late or set by hand, the approval meeting approving the plan, and who may record it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from merhav.core.context import acting_as
from merhav.tenancy.roles import Role

from .. import services
from ..models import Meeting, Plan
from .support import make_plan, meetings_of, step, url


def test_a_new_plan_lays_out_every_step_with_its_date(authority, staff):
    start = timezone.localdate()
    plan = make_plan(authority, by=staff, start_date=start)
    dates = {(m.step, m.channel_id, m.number): m.date for m in meetings_of(plan)}
    shaping_3 = dates[(Meeting.Step.SHAPING_3, None, 1)]
    assert shaping_3 == start + timedelta(days=14 + 91 + 14 + 14)
    team = sorted(d for (s, _c, n), d in dates.items() if s == Meeting.Step.TEAM and n == 4)
    assert team == [shaping_3 + timedelta(days=56)] * 4  # four meetings, every two weeks, per team
    assert dates[(Meeting.Step.SHAPING_4, None, 1)] == shaping_3 + timedelta(days=70)
    assert dates[(Meeting.Step.STEERING_APPROVAL, None, 1)] == shaping_3 + timedelta(days=98)


def test_a_meeting_held_late_moves_the_proposals_after_it(authority, staff):
    start = timezone.localdate() - timedelta(days=40)
    plan = make_plan(authority, by=staff, start_date=start)
    first = step(plan, Meeting.Step.SHAPING_1)
    late = first.date + timedelta(days=10)
    with acting_as(staff, authority=authority):
        services.hold_meeting(meeting=first, version=first.version, held_on=late, decisions="חמישה אתגרים")
    assert step(plan, Meeting.Step.SHAPING_2).date == late + timedelta(days=91)


def test_a_date_set_by_hand_stays_and_proposes_the_next(authority, staff):
    plan = make_plan(authority, by=staff, start_date=timezone.localdate())
    launch = step(plan, Meeting.Step.LAUNCH)
    chosen = launch.date + timedelta(days=5)
    with acting_as(staff, authority=authority):
        services.set_meeting_date(meeting=launch, version=launch.version, day=chosen)
        services.update_plan(plan=plan, version=plan.version, title=plan.title, description="", status="draft",
                             start_date=plan.start_date + timedelta(days=3))
    assert step(plan, Meeting.Step.LAUNCH).date == chosen
    assert step(plan, Meeting.Step.HACKATHON).date == chosen + timedelta(days=30)
    assert step(plan, Meeting.Step.SHAPING_1).date == plan.start_date + timedelta(days=3 + 14)


def test_the_set_date_form_on_the_meeting_page(login, authority, staff):
    plan = make_plan(authority, by=staff, start_date=timezone.localdate())
    meeting = step(plan, Meeting.Step.SHAPING_1)
    response = login(staff).post(url("meeting", authority, plan_id=plan.pk, plan_meeting_id=meeting.pk),
                                 {"form": "date", "date": "1.2.2031", "version": meeting.version})
    assert response.status_code == 302
    assert str(step(plan, Meeting.Step.SHAPING_1).date) == "2031-02-01"


def test_a_meeting_cannot_be_recorded_as_held_in_the_future(authority, staff):
    plan = make_plan(authority, by=staff, start_date=timezone.localdate())
    meeting = step(plan, Meeting.Step.SHAPING_1)
    with acting_as(staff, authority=authority), pytest.raises(ValidationError) as error:
        services.hold_meeting(meeting=meeting, version=meeting.version, held_on=meeting.date, decisions="x")
    assert "held_on" in error.value.message_dict


def test_the_approval_meeting_approves_the_plan(authority, staff):
    plan = make_plan(authority, by=staff, start_date=timezone.localdate() - timedelta(days=400))
    approval = step(plan, Meeting.Step.STEERING_APPROVAL)
    with acting_as(staff, authority=authority):  # the coordinator (the plan's creator)
        services.hold_meeting(meeting=approval, version=approval.version, held_on=approval.date, decisions="אושר")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED and plan.approved_at is not None


def test_only_the_ceo_or_the_coordinator_records_the_approval_and_publishes(authority, staff, make_user):
    plan = make_plan(authority, by=staff, start_date=timezone.localdate() - timedelta(days=400))
    other = make_user(authority=authority, role=Role.STAFF)
    approval = step(plan, Meeting.Step.STEERING_APPROVAL)
    with acting_as(other, authority=authority):
        with pytest.raises(PermissionDenied):
            services.hold_meeting(meeting=approval, version=approval.version, held_on=approval.date, decisions="x")
    with acting_as(staff, authority=authority):
        services.hold_meeting(meeting=approval, version=approval.version, held_on=approval.date, decisions="x")
    with acting_as(other, authority=authority), pytest.raises(PermissionDenied):
        services.publish_plan(plan=plan)


def test_a_plan_not_approved_is_not_published(authority, staff):
    plan = make_plan(authority, by=staff)
    with acting_as(staff, authority=authority), pytest.raises(ValidationError):
        services.publish_plan(plan=plan)
    plan.refresh_from_db()
    assert plan.published_version == 0


def test_the_meeting_page_shows_the_seeds_agenda(login, authority, staff):
    plan = make_plan(authority, by=staff)
    meeting = step(plan, Meeting.Step.SHAPING_1)
    body = login(staff, "en").get(url("meeting", authority, plan_id=plan.pk, plan_meeting_id=meeting.pk)).content
    assert "Choose five challenges to focus the mapping on." in body.decode()


def test_a_meeting_offers_its_own_committee_as_attendees(login, authority, staff):
    from .factories import ParticipantFactory

    plan = make_plan(authority, by=staff)
    ParticipantFactory(plan=plan, committee="steering", full_name="חברת היגוי")
    ParticipantFactory(plan=plan, committee="shaping", full_name="חבר ועדה מעצבת")
    meeting = step(plan, Meeting.Step.STEERING_SCOPE)
    form = login(staff).get(url("meeting", authority, plan_id=plan.pk, plan_meeting_id=meeting.pk)).context["hold_form"]
    assert [p.full_name for p in form.fields["attendees"].queryset] == ["חברת היגוי"]
