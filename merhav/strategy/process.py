"""The process of seed 003 as data: the steps in order, each with its agenda and the interval that proposes
its date from the step before it. Pure functions, no queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from .models import Meeting, Participant

Step = Meeting.Step
TEAM_MEETINGS = 4  # each channel team meets four times,
TEAM_INTERVAL = timedelta(days=14)  # every two weeks


@dataclass(frozen=True)
class StepRule:
    step: str
    after: str | None  # the step whose date proposes this one's (None: the plan's start)
    days: int
    agenda: tuple


# The seed's order and intervals: "about two weeks", "about three months", "about a month", "about half a
# year", "about nine months" after the step named.
RULES: tuple[StepRule, ...] = (
    StepRule(Step.STEERING_SCOPE, None, 0, (
        _("Set the scope of the plan: the focus areas in the authority."),
        _("Set the channels of activity (social, educational, urban, economic)."),
        _("Appoint the shaping committee from every sector."),
    )),
    StepRule(Step.SHAPING_1, Step.STEERING_SCOPE, 14, (
        _("Open wide: the challenges, failures and issues the plan should address."),
        _("Choose five challenges to focus the mapping on."),
        _("Agree how the community manager and the leading team will map them."),
    )),
    StepRule(Step.SHAPING_2, Step.SHAPING_1, 91, (
        _("The results of the mapping: the situation picture of the authority."),
        _("Discuss the situation picture per challenge."),
        _("Design the launch conference and whom to invite from every sector."),
    )),
    StepRule(Step.LAUNCH, Step.SHAPING_2, 14, (
        _("Build the vision of the authority for a caring community."),
        _("Build the goals and the main targets: the plan's compass."),
    )),
    StepRule(Step.SHAPING_3, Step.LAUNCH, 14, (
        _("Build the theory of change on the vision and the goals."),
        _("Build the logic model: short-, medium- and long-term outcomes, in general and per channel."),
    )),
    StepRule(Step.TEAM, Step.SHAPING_3, 14, (
        _("Work on the channel's work plan in line with the vision, the goals and the logic model."),
        _("Actions with an owner, dates, budget by year and funding source, and the target each advances."),
    )),
    StepRule(Step.SHAPING_4, Step.TEAM, 14, (
        _("The teams present their work plans by channel."),
        _("Deepen, discuss and comment on the plans."),
    )),
    StepRule(Step.SHAPING_5, Step.SHAPING_4, 14, (
        _("Consolidate the strategic plan and the work plans derived from it."),
        _("Decide and close the plan."),
    )),
    StepRule(Step.STEERING_APPROVAL, Step.SHAPING_5, 14, (
        _("Present the strategic plan and its work plans."),
        _("Approve the plan."),
    )),
    StepRule(Step.HACKATHON, Step.LAUNCH, 30, (
        _("Initiatives for action in the plan's fields, by the challenges, the situation picture and the goals."),
        _("A committee selects the initiatives to support: connections, mentoring, money."),
    )),
    StepRule(Step.PILOT_MEASUREMENT, Step.HACKATHON, 182, (
        _("Measure and learn: is each initiative progressing and effective?"),
    )),
    StepRule(Step.PILOT_DECISION, Step.HACKATHON, 273, (
        _("Is there progress towards the authority's targets? Patterns of success and barriers."),
        _("Decide per initiative: continue (it fits the plan and advances its targets) or stop."),
    )),
)
RULE = {rule.step: rule for rule in RULES}


def agenda(meeting: Meeting) -> tuple:
    return RULE[meeting.step].agenda


def propose_dates(meetings: list[Meeting], start: date | None) -> list[Meeting]:
    """Set the date of every meeting nobody set by hand from the one before it (held meetings count from the
    day they were held). Returns the meetings whose date changed. `meetings` is the whole plan, in order."""
    changed = []
    last: dict[str, date | None] = {}  # the date of each step (for the team step: the latest team meeting)
    by_channel: dict[int | None, date | None] = {}  # each team's latest meeting
    for meeting in meetings:
        rule = RULE[meeting.step]
        if meeting.step == Step.TEAM:
            base = by_channel.get(meeting.channel_id) if meeting.number > 1 else last.get(Step.SHAPING_3)
            offset = TEAM_INTERVAL
        else:
            base = start if rule.after is None else last.get(rule.after)
            offset = timedelta(days=rule.days)
        if meeting.status != Meeting.Status.HELD and not meeting.date_set:
            proposed = base + offset if base else None
            if proposed != meeting.date:
                meeting.date = proposed
                changed.append(meeting)
        when = meeting.when
        if meeting.step == Step.TEAM:
            by_channel[meeting.channel_id] = when
            dates = [d for d in (last.get(Step.TEAM), when) if d]
            last[Step.TEAM] = max(dates) if dates else None
        else:
            last[meeting.step] = when
    return changed


# Whose meeting each step is: its members are reminded of it and are offered as its attendees.
COMMITTEE_OF = {
    Step.STEERING_SCOPE: Participant.Committee.STEERING, Step.STEERING_APPROVAL: Participant.Committee.STEERING,
    Step.SHAPING_1: Participant.Committee.SHAPING, Step.SHAPING_2: Participant.Committee.SHAPING,
    Step.SHAPING_3: Participant.Committee.SHAPING, Step.SHAPING_4: Participant.Committee.SHAPING,
    Step.SHAPING_5: Participant.Committee.SHAPING, Step.LAUNCH: Participant.Committee.SHAPING,
    Step.TEAM: Participant.Committee.TEAM, Step.HACKATHON: Participant.Committee.PILOT,
    Step.PILOT_MEASUREMENT: Participant.Committee.PILOT, Step.PILOT_DECISION: Participant.Committee.PILOT,
}
