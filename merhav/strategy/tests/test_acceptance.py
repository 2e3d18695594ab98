"""The Done-when of the strategic plan, end to end through the pages: a newcomer (a staff member who has never
used the module, coordinating the plan) starts a plan, follows the process from the steering committee to
the approved plan — every meeting with its agenda from the seed and its date proposed from the one before,
reminders sent by the periodic job before each meeting (in the app and by email), time moved with
time_machine — publishes it, and a resident reads it without login. The hackathon pilot runs along and
reaches its nine-month decision, with its reminders along the way."""

from datetime import date, datetime, time, timedelta

import time_machine
from django.core import mail
from django.utils import timezone
from django_scopes import scope

from merhav.notify.models import Notification
from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role

from ..models import Initiative, Meeting, Plan
from ..tasks import send_strategy_reminders
from .support import meetings_of, public_url, stored, url

START = date(2027, 1, 10)  # the day the newcomer starts


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def typed(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def reminders(run_tasks) -> None:
    send_strategy_reminders.enqueue()
    run_tasks()


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user, kind="strategy.meeting").order_by("id")
                .values_list("title", flat=True))


def test_a_newcomer_runs_the_process_to_an_approved_public_plan(login, authority, make_user, client,
                                                                 run_tasks):
    newcomer = make_user(authority=authority, role=Role.STAFF, full_name="נגה חדשה", email="noga@city.example")
    member = make_user(authority=authority, role=Role.DEPARTMENT_HEAD, full_name="רם שגיא", email="ram@city.example")
    with time_machine.travel(at(START), tick=False):
        page = login(newcomer).post(url("create", authority), {
            "title": "קהילה מיטיבה", "status": "draft", "start_date": typed(START + timedelta(days=7)),
            "vision": "", "description": "",
        })
        [plan] = stored(authority)
        assert page.status_code == 302 and plan.coordinator == newcomer
        steps = meetings_of(plan)
        dates = {m.step: m.date for m in steps if m.step != Meeting.Step.TEAM}
        # The seed's intervals: two weeks, about three months, two weeks, two weeks, ... and the pilot's.
        assert dates[Meeting.Step.STEERING_SCOPE] == START + timedelta(days=7)
        assert dates[Meeting.Step.SHAPING_1] == START + timedelta(days=21)
        assert dates[Meeting.Step.SHAPING_2] == START + timedelta(days=21 + 91)
        assert dates[Meeting.Step.LAUNCH] == dates[Meeting.Step.SHAPING_2] + timedelta(days=14)
        assert dates[Meeting.Step.HACKATHON] == dates[Meeting.Step.LAUNCH] + timedelta(days=30)
        assert dates[Meeting.Step.PILOT_DECISION] == dates[Meeting.Step.HACKATHON] + timedelta(days=273)
        assert len([m for m in steps if m.step == Meeting.Step.TEAM]) == 16  # four teams, four meetings each
        # The shaping committee gets a member with an account, who is reminded of its meetings.
        client = login(newcomer)
        assert client.post(url("participant_add", authority, plan_id=plan.pk), {
            "full_name": "רם שגיא", "sector": "municipality", "committee": "shaping", "organisation": "העירייה",
            "user": str(_membership(authority, member)),
        }).status_code == 302
        reminders(run_tasks)  # a week before the steering committee
        assert titles(newcomer) == ["בקרוב: ועדת היגוי: גבולות הגזרה"]  # in the newcomer's language
        assert len(mail.outbox) == 1

    # Each meeting in the order of its date: its page shows the seed's agenda; it is recorded on its day.
    done: set[int] = set()
    while True:
        pending = [m for m in meetings_of(plan) if m.status == Meeting.Status.PLANNED and m.pk not in done
                   and m.step not in (Meeting.Step.PILOT_MEASUREMENT, Meeting.Step.PILOT_DECISION)]
        if not pending:
            break
        meeting = min(pending, key=lambda m: (m.date, m.order, m.number))
        with time_machine.travel(at(meeting.date - timedelta(days=3)), tick=False):
            reminders(run_tasks)  # the periodic job, a few days before the meeting
        with time_machine.travel(at(meeting.date), tick=False):
            client = login(newcomer)
            page = client.get(url("meeting", authority, plan_id=plan.pk, plan_meeting_id=meeting.pk))
            assert page.status_code == 200 and len(page.context["agenda"]) >= 1
            assert client.post(url("meeting", authority, plan_id=plan.pk, plan_meeting_id=meeting.pk), {
                "form": "hold", "held_on": typed(meeting.date), "decisions": f"החלטות {meeting.step}",
                "version": meeting.version,
            }).status_code == 302
            reminders(run_tasks)
        done.add(meeting.pk)
        if meeting.step == Meeting.Step.SHAPING_3:
            # The shaping committee's own meetings reached its member before they happened.
            assert Notification.objects.filter(recipient=member, kind="strategy.meeting").count() >= 3
        if meeting.step == Meeting.Step.HACKATHON:
            with time_machine.travel(at(meeting.date), tick=False):
                client = login(newcomer)
                client.post(url("initiative_add", authority, plan_id=plan.pk), {"title": "ארוחת שישי משותפת"})
                [initiative] = _initiatives(plan)
                assert client.post(url("initiative_score", authority, plan_id=plan.pk,
                                       plan_initiative_id=initiative.pk), {
                    "fit": "5", "impact": "4", "feasibility": "4", "selected": "yes", "mentoring": "on",
                    "amount": "5000", "version": initiative.version,
                }).status_code == 302

    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    with time_machine.travel(at(plan.approved_at.date()), tick=False):
        client = login(newcomer)
        assert client.post(url("publish", authority, plan_id=plan.pk)).status_code == 302
    client.logout()
    public = client.get(public_url("plan", authority, plan_id=plan.pk))
    assert public.status_code == 200 and "קהילה מיטיבה" in public.content.decode()
    assert "קהילה מיטיבה" in client.get(public_url("plans", authority)).content.decode()

    # The pilot: reminders before the six-month measurement and the nine-month decision, then the decision.
    hackathon = next(m for m in meetings_of(plan) if m.step == Meeting.Step.HACKATHON)
    measurement = next(m for m in meetings_of(plan) if m.step == Meeting.Step.PILOT_MEASUREMENT)
    decision = next(m for m in meetings_of(plan) if m.step == Meeting.Step.PILOT_DECISION)
    assert measurement.date == hackathon.held_on + timedelta(days=182)
    assert decision.date == hackathon.held_on + timedelta(days=273)
    for meeting in (measurement, decision):
        with time_machine.travel(at(meeting.date - timedelta(days=5)), tick=False):
            before = Notification.objects.filter(recipient=newcomer).count()
            reminders(run_tasks)
            assert Notification.objects.filter(recipient=newcomer).count() == before + 1
            client = login(newcomer)
            client.post(url("meeting", authority, plan_id=plan.pk, plan_meeting_id=meeting.pk), {
                "form": "hold", "held_on": typed(meeting.date - timedelta(days=5)), "decisions": "נמדד ונלמד",
                "version": meeting.version,
            })
    with time_machine.travel(at(decision.date), tick=False):
        [initiative] = _initiatives(plan)
        assert login(newcomer).post(url("initiative_decide", authority, plan_id=plan.pk,
                                        plan_initiative_id=initiative.pk), {
            "continues": "yes", "learning": "השתתפו 40 משפחות", "note": "מקדמת את יעד הבדידות", "version":
                initiative.version,
        }).status_code == 302
    [initiative] = _initiatives(plan)
    assert initiative.status == Initiative.Status.CONTINUED
    assert all(m.status == Meeting.Status.HELD for m in meetings_of(plan))
    assert len(mail.outbox) > 20  # every reminder also went out by email


def _initiatives(plan) -> list[Initiative]:
    with scope(authority=plan.authority_id):
        return list(Initiative.objects.filter(plan=plan))


def _membership(authority, user) -> int:
    with scope(authority=authority):
        return Membership.objects.get(authority=authority, user=user).pk
