"""Reminders of the strategic plan's process, run by the worker as a periodic job.

Before each meeting of the process (a committee meeting, the launch conference, a team meeting, the
hackathon, the pilot's measurement at six months and its decision at nine) its people are reminded: the
plan's coordinator, the committee's members who have an account, and for a team meeting its domain lead.
When a meeting's day has passed and nobody recorded it, the coordinator is asked to record it. In the app
and by email (merhav.notify); each reminder once (a dedupe key with the meeting's date: a new date reminds
again). Set-based: one query per chunk for the meetings, the people and what was sent already.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from merhav.core.tasks import retrying_task
from merhav.notify.models import Notification
from merhav.notify.services import send_notification
from merhav.tenancy.models import Membership

from .models import Meeting, Participant, Plan
from .process import COMMITTEE_OF

CHUNK = 500
Step = Meeting.Step


def reminder_days() -> int:
    return int(getattr(settings, "MERHAV_STRATEGY_REMINDER_DAYS", 7))


def _chunks(queryset):
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _name(meeting: Meeting) -> str:
    name = str(meeting.get_step_display())
    return f"{name} — {meeting.channel.name} ({meeting.number})" if meeting.channel_id else name


def _texts(meeting: Meeting, plan_title: str, overdue: bool):
    day = meeting.date

    def title() -> str:
        if overdue:
            return _("Record the meeting: %(meeting)s") % {"meeting": _name(meeting)}
        return _("Coming up: %(meeting)s") % {"meeting": _name(meeting)}

    def body() -> str:
        when = date_format(day, "SHORT_DATE_FORMAT")
        if overdue:
            return _("The meeting of %(plan)s was due on %(date)s. Record whether it was held, who came and what "
                     "was decided; the dates of the next steps follow from it.") % {"plan": plan_title, "date": when}
        return _("The meeting of %(plan)s is on %(date)s. Its agenda is on the meeting's page.") % {
            "plan": plan_title, "date": when}

    return title, body


@retrying_task(max_attempts=3, base_delay=300)
def send_strategy_reminders() -> dict:
    today = timezone.localdate()
    sent = 0
    with scopes_disabled():
        due = Meeting.objects.filter(
            status=Meeting.Status.PLANNED, date__isnull=False, date__lte=today + timedelta(days=reminder_days()),
            authority__is_active=True,
        ).exclude(plan__status=Plan.Status.ARCHIVED).select_related("plan", "authority", "channel",
                                                                     "plan__coordinator", "channel__lead")
        for rows in _chunks(due):
            people: dict[tuple[int, str, int | None], list] = defaultdict(list)
            for participant in Participant.objects.filter(
                plan_id__in={m.plan_id for m in rows}, user__isnull=False, user__is_active=True,
            ).select_related("user"):
                people[(participant.plan_id, participant.committee, participant.channel_id)].append(participant.user)
            members = set(Membership.objects.filter(
                authority_id__in={m.authority_id for m in rows}, is_active=True,
            ).values_list("authority_id", "user_id"))
            keys = {}
            for meeting in rows:
                overdue = meeting.date < today
                keys[meeting.pk] = f"strategy:meeting:{meeting.pk}:{'record' if overdue else 'soon'}:{meeting.date}"
            done = set(Notification.objects.filter(dedupe_key__in=set(keys.values()))
                       .values_list("recipient_id", "dedupe_key"))
            for meeting in rows:
                overdue = meeting.date < today
                plan = meeting.plan
                recipients = [plan.coordinator] if plan.coordinator else []
                if not overdue:
                    if meeting.channel_id and meeting.channel.lead:
                        recipients.append(meeting.channel.lead)
                    committee = COMMITTEE_OF[meeting.step]
                    recipients += people[(plan.pk, committee, meeting.channel_id if committee == "team" else None)]
                title, body = _texts(meeting, plan.title, overdue)
                url = reverse("strategy:meeting", kwargs={"authority_slug": meeting.authority.slug, "plan_id": plan.pk,
                                                          "plan_meeting_id": meeting.pk})
                seen = set()
                for person in recipients:
                    key = keys[meeting.pk]
                    if (person.pk in seen or (person.pk, key) in done or not person.is_active
                            or (meeting.authority_id, person.pk) not in members):
                        continue
                    seen.add(person.pk)
                    if send_notification(recipient=person, kind="strategy.meeting", title=title, body=body, url=url,
                                         authority=meeting.authority, dedupe_key=key):
                        sent += 1
    return {"sent": sent}
