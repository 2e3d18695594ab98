"""Reminders of the process: the periodic job reminds the coordinator, the committee's members with an account
and a team's domain lead before each meeting, asks the coordinator to record a meeting whose day passed,
in the app and by email, each once."""

from datetime import datetime, time, timedelta

import time_machine
from django.core import mail
from django.utils import timezone
from django_scopes import scope

from merhav.core.context import acting_as
from merhav.core.tasks import PERIODIC_JOBS
from merhav.notify.models import Notification
from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role

from .. import services
from ..models import Meeting, Participant
from ..tasks import send_strategy_reminders
from .factories import first_channel
from .support import make_plan, step


def at(day):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def run(run_tasks):
    send_strategy_reminders.enqueue()
    run_tasks()


def test_the_reminder_job_is_periodic():
    assert any(job.task is send_strategy_reminders for job in PERIODIC_JOBS)


def test_the_committee_is_reminded_a_week_before_once(authority, staff, make_user, run_tasks):
    plan = make_plan(authority, by=staff, start_date=timezone.localdate() + timedelta(days=30))
    member = make_user(authority=authority, role=Role.STAFF, email="member@city.example")
    gone = make_user(authority=authority, role=Role.STAFF, email="gone@city.example")
    with acting_as(staff, authority=authority):
        for person in (member, gone):
            services.add_participant(plan=plan, committee=Participant.Committee.STEERING, full_name=person.full_name,
                                     sector="municipality", user=person)
    with scope(authority=authority):
        Membership.objects.filter(user=gone).update(is_active=False)
    scope_day = step(plan, Meeting.Step.STEERING_SCOPE).date
    with time_machine.travel(at(scope_day - timedelta(days=8)), tick=False):
        run(run_tasks)
    assert Notification.objects.count() == 0
    with time_machine.travel(at(scope_day - timedelta(days=7)), tick=False):
        run(run_tasks)
        run(run_tasks)
    assert sorted(Notification.objects.values_list("recipient__email", flat=True)) == sorted(
        [staff.email, "member@city.example"])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, "member@city.example"])


def test_a_team_meeting_reminds_its_domain_lead(authority, staff, ceo, run_tasks):
    plan = make_plan(authority, by=staff, start_date=timezone.localdate() - timedelta(days=120))
    channel = first_channel(plan)
    with acting_as(ceo, authority=authority):
        services.appoint_channel_lead(channel=channel, lead=ceo)
    team = step(plan, Meeting.Step.TEAM, number=1, channel=channel)
    with time_machine.travel(at(team.date - timedelta(days=2)), tick=False):
        run(run_tasks)
    assert Notification.objects.filter(recipient=ceo, url__contains=f"/meetings/{team.pk}/").exists()


def test_a_meeting_past_its_day_asks_the_coordinator_to_record_it(authority, staff, run_tasks):
    plan = make_plan(authority, by=staff, start_date=timezone.localdate() - timedelta(days=3))
    run(run_tasks)
    [notice] = Notification.objects.filter(recipient=staff, dedupe_key__contains=":record:")
    assert f"/meetings/{step(plan, Meeting.Step.STEERING_SCOPE).pk}/" in notice.url
