"""The plan's meetings in the personal calendar feed: for the plan's coordinator, the teams' domain leads and
the committee members with an account (merhav.notify.calendar)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.notify.calendar import CalendarItem
from merhav.tenancy.selectors import memberships_of

from .models import Meeting, Participant, Plan


def strategy_calendar(user) -> list[CalendarItem]:
    memberships = memberships_of(user)
    if not memberships:
        return []
    slugs = {authority_id: m.authority.slug for authority_id, m in memberships.items()}
    with scopes_disabled():
        plan_ids = Participant.objects.filter(user=user, authority_id__in=slugs).values("plan_id")
        meetings = (
            Meeting.objects.filter(authority_id__in=slugs, status=Meeting.Status.PLANNED, date__isnull=False)
            .filter(Q(plan__coordinator=user) | Q(channel__lead=user) | Q(plan_id__in=plan_ids))
            .exclude(plan__status=Plan.Status.ARCHIVED)
            .select_related("plan", "channel").order_by("date", "id")
        )
        return [
            CalendarItem(
                uid=f"strategy-meeting-{m.pk}",
                summary=f"{m.get_step_display()}{f' — {m.channel.name} ({m.number})' if m.channel_id else ''}",
                start=m.date,
                description=m.plan.title,
                url=reverse("strategy:meeting", kwargs={"authority_slug": slugs[m.authority_id], "plan_id": m.plan_id,
                                                        "plan_meeting_id": m.pk}),
            )
            for m in meetings
        ]
