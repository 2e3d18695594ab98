"""Every write of the strategic plan: plain functions, keyword-only and typed, one transaction each, no HTTP
request (the acting user comes from merhav.core.context), the audit log through record() (field names, never
values), and concurrent edits through merhav.core.versioning (a stale version raises StaleVersion and
changes nothing). The pages, the API and the demo all write through here."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, changed_fields, lock_current
from merhav.tenancy.models import Authority, Membership

from . import process
from .models import (
    BudgetLine,
    Challenge,
    Channel,
    Goal,
    Indicator,
    Initiative,
    LogicLink,
    LogicNode,
    Measurement,
    Meeting,
    Participant,
    Plan,
    PlanAction,
    PlanRelease,
    PublicComment,
)

DEFAULT_CHANNELS = ("social", "educational", "urban", "economic")
CHANNEL_NAMES = {
    "social": {"he": "חברתי", "ar": "اجتماعي", "en": "Social"},
    "educational": {"he": "חינוכי", "ar": "تربوي", "en": "Educational"},
    "urban": {"he": "אורבני", "ar": "حضري", "en": "Urban"},
    "economic": {"he": "כלכלי", "ar": "اقتصادي", "en": "Economic"},
}
MAX_CHALLENGES = 5
REQUIRED = "This field is required."
# The order of the steps on the timeline (process.propose_dates reads them in this order).
STEP_ORDER = {
    Meeting.Step.STEERING_SCOPE: 0, Meeting.Step.SHAPING_1: 10, Meeting.Step.SHAPING_2: 20, Meeting.Step.LAUNCH: 30,
    Meeting.Step.SHAPING_3: 40, Meeting.Step.HACKATHON: 45, Meeting.Step.TEAM: 50, Meeting.Step.SHAPING_4: 60,
    Meeting.Step.SHAPING_5: 70, Meeting.Step.STEERING_APPROVAL: 80, Meeting.Step.PILOT_MEASUREMENT: 90,
    Meeting.Step.PILOT_DECISION: 95,
}


def _required(errors: dict, **values: str) -> None:
    for name, value in values.items():
        if not (value or "").strip():
            errors[name] = _(REQUIRED)


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _member_of(authority_id: int, user: User | None, field: str, errors: dict) -> None:
    if user is None:
        return
    with scope(authority=authority_id):
        if not Membership.objects.filter(authority_id=authority_id, user=user, is_active=True).exists():
            errors[field] = _("Choose a person of this authority.")


def _may(permission: str, obj: object) -> None:
    """The rules again, for a caller that is a person (the pages and the API); the demo and the worker act
    as the system or as a named user, and are checked the same way when a user is set."""
    user = context.current_user()
    if user is not None and not user.has_perm(permission, obj):
        raise PermissionDenied(permission)


# --- Plan and process ------------------------------------------------------------------------------------


def _clean_plan(*, title: str, description: str, status: str) -> dict[str, str]:
    errors: dict = {}
    _required(errors, title=title)
    if status not in Plan.Status.values:
        errors["status"] = _("Select a valid choice. That choice is not one of the available choices.")
    _raise(errors)
    return {"title": title.strip()[:200], "description": (description or "").replace("\r\n", "\n"), "status": status}


def _repropose(plan: Plan) -> int:
    meetings = list(Meeting.objects.filter(plan=plan).order_by("order", "number", "id"))
    changed = process.propose_dates(meetings, plan.start_date)
    if changed:
        Meeting.objects.bulk_update(changed, ["date"])
    return len(changed)


def create_plan(
    *, authority: Authority, title: str, description: str = "", status: str = Plan.Status.DRAFT,
    vision: str = "", start_date: date | None = None, coordinator: User | None = None,
    channels: Iterable[str] = DEFAULT_CHANNELS, language: str = "he",
) -> Plan:
    """A plan with its process laid out: the meetings of every step with proposed dates, and its channels."""
    values = _clean_plan(title=title, description=description, status=status)
    user = context.current_user()
    errors: dict = {}
    _member_of(authority.pk, coordinator, "coordinator", errors)
    _raise(errors)
    with transaction.atomic(), scope(authority=authority):
        plan = Plan.objects.create(authority=authority, created_by=user, updated_by=user, vision=vision,
                                   start_date=start_date, coordinator=coordinator or user, **values)
        made = [
            Channel(authority=authority, plan=plan, order=n,
                    name=CHANNEL_NAMES.get(key, {}).get(language, key) if key in CHANNEL_NAMES else key)
            for n, key in enumerate(channels)
        ]
        Channel.objects.bulk_create(made)
        made = list(Channel.objects.filter(plan=plan).order_by("order", "id"))
        meetings = []
        for step, order in STEP_ORDER.items():
            if step == Meeting.Step.TEAM:
                meetings += [Meeting(authority=authority, plan=plan, step=step, channel=channel, number=n,
                                     order=order + n) for n in range(1, process.TEAM_MEETINGS + 1) for channel in made]
            else:
                meetings.append(Meeting(authority=authority, plan=plan, step=step, order=order))
        Meeting.objects.bulk_create(meetings)
        _repropose(plan)
        record(action=Action.CREATE, obj=plan, fields=[name for name, value in values.items() if value])
    return plan


def update_plan(
    *, plan: Plan, version: int, title: str, description: str, status: str, vision: str | None = None,
    start_date: date | None = None,
) -> list[str]:
    changes: dict = _clean_plan(title=title, description=description, status=status)
    if vision is not None:
        changes["vision"] = vision.replace("\r\n", "\n")
    if start_date is not None:
        changes["start_date"] = start_date
    with transaction.atomic(), scope(authority=plan.authority_id):
        current: Plan = lock_current(Plan.objects, pk=plan.pk, version=version)
        changed = changed_fields(current, changes)
        if changed:
            apply_changes(current, {**changes, "updated_by": context.current_user()})
            if "start_date" in changed:
                _repropose(current)
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def set_meeting_date(*, meeting: Meeting, version: int, day: date) -> None:
    """A person fixes a meeting's date; the meetings after it are proposed from it."""
    with transaction.atomic(), scope(authority=meeting.authority_id):
        current: Meeting = lock_current(Meeting.objects, pk=meeting.pk, version=version)
        if current.status == Meeting.Status.HELD:
            raise ValidationError({"date": _("This meeting was held; its date is the day it was held.")})
        changed = apply_changes(current, {"date": day, "date_set": True})
        if changed:
            _repropose(current.plan)
            record(action=Action.UPDATE, obj=current, fields=["date"])


def hold_meeting(
    *, meeting: Meeting, version: int, held_on: date, decisions: str, attendee_ids: Iterable[int] = (),
) -> Meeting:
    """Record that a meeting was held: its day, who came and what was decided. The steering committee's
    approval meeting approves the plan."""
    errors: dict = {}
    if held_on > timezone.localdate():
        errors["held_on"] = _("A meeting cannot be recorded as held on a future day.")
    _raise(errors)
    with transaction.atomic(), scope(authority=meeting.authority_id):
        current: Meeting = lock_current(Meeting.objects, pk=meeting.pk, version=version)
        plan = Plan.objects.select_for_update().get(pk=current.plan_id)
        _may("strategy.edit", plan)
        if current.step == Meeting.Step.STEERING_APPROVAL:
            _may("strategy.approve", plan)
        attendees = list(Participant.objects.filter(plan=plan, pk__in=list(attendee_ids)))
        apply_changes(current, {"status": Meeting.Status.HELD, "held_on": held_on,
                                "decisions": decisions.replace("\r\n", "\n")}, also=["attendees"])
        current.attendees.set(attendees)
        _repropose(plan)
        plan_changes: dict = {}
        if current.step == Meeting.Step.STEERING_APPROVAL:
            plan_changes = {"status": Plan.Status.APPROVED, "approved_at": timezone.now()}
        elif plan.status == Plan.Status.DRAFT:
            plan_changes = {"status": Plan.Status.IN_PROGRESS}
        if plan_changes:
            apply_changes(plan, {**plan_changes, "updated_by": context.current_user()})
            record(action=Action.UPDATE, obj=plan, fields=list(plan_changes))
        record(action=Action.UPDATE, obj=current, fields=["status", "held_on", "decisions", "attendees"])
    return current


# --- People ------------------------------------------------------------------------------------------------


def add_participant(
    *, plan: Plan, committee: str, full_name: str, sector: str, organisation: str = "",
    channel: Channel | None = None, user: User | None = None,
) -> Participant:
    errors: dict = {}
    _required(errors, full_name=full_name)
    if committee not in Participant.Committee.values:
        errors["committee"] = _("Select a valid choice. That choice is not one of the available choices.")
    if sector not in Participant.Sector.values:
        errors["sector"] = _("Select a valid choice. That choice is not one of the available choices.")
    if committee == Participant.Committee.TEAM and channel is None:
        errors["channel"] = _("A team member belongs to a channel's team: choose the channel.")
    if channel is not None and channel.plan_id != plan.pk:
        errors["channel"] = _("Select a valid choice. That choice is not one of the available choices.")
    _member_of(plan.authority_id, user, "user", errors)
    _raise(errors)
    with transaction.atomic(), scope(authority=plan.authority_id):
        participant = Participant.objects.create(
            authority_id=plan.authority_id, plan=plan, committee=committee, full_name=full_name.strip()[:150],
            organisation=organisation.strip()[:150], sector=sector,
            channel=channel if committee == Participant.Committee.TEAM else None, user=user,
        )
        record(action=Action.CREATE, obj=participant, fields=["full_name", "committee", "sector"])
    return participant


def appoint_channel_lead(*, channel: Channel, lead: User | None, name: str = "") -> None:
    """The CEO appoints each team's domain lead (and may rename the channel: the channels are configurable)."""
    errors: dict = {}
    _member_of(channel.authority_id, lead, "lead", errors)
    _raise(errors)
    with transaction.atomic(), scope(authority=channel.authority_id):
        _may("strategy.appoint", channel.plan)
        current = Channel.objects.select_for_update().get(pk=channel.pk)
        changes: dict = {"lead": lead}
        if name.strip():
            changes["name"] = name.strip()[:120]
        changed = apply_changes(current, changes, touch=False)
        if changed:
            record(action=Action.UPDATE, obj=current, fields=changed)


def add_channel(*, plan: Plan, name: str) -> Channel:
    errors: dict = {}
    _required(errors, name=name)
    _raise(errors)
    with transaction.atomic(), scope(authority=plan.authority_id):
        order = (Channel.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0) + 1
        channel = Channel.objects.create(authority_id=plan.authority_id, plan=plan, name=name.strip()[:120],
                                         order=order)
        base = STEP_ORDER[Meeting.Step.TEAM]
        Meeting.objects.bulk_create([
            Meeting(authority_id=plan.authority_id, plan=plan, step=Meeting.Step.TEAM, channel=channel, number=n,
                    order=base + n) for n in range(1, process.TEAM_MEETINGS + 1)
        ])
        _repropose(plan)
        record(action=Action.CREATE, obj=channel, fields=["name"])
    return channel


# --- Mapping, compass, logic model -------------------------------------------------------------------------


def add_challenge(*, plan: Plan, title: str, situation: str = "", needs: int = 0, resources: int = 0) -> Challenge:
    errors: dict = {}
    _required(errors, title=title)
    if needs < 0 or resources < 0:
        errors["needs"] = _("Enter a number that is zero or more.")
    with scope(authority=plan.authority_id):
        count = Challenge.objects.filter(plan=plan).count()
    if count >= MAX_CHALLENGES:
        errors["title"] = _("The shaping committee chooses five challenges; this plan has five already.")
    _raise(errors)
    with transaction.atomic(), scope(authority=plan.authority_id):
        challenge = Challenge.objects.create(authority_id=plan.authority_id, plan=plan, title=title.strip()[:200],
                                             situation=situation.replace("\r\n", "\n"), needs=needs,
                                             resources=resources, order=count + 1)
        record(action=Action.CREATE, obj=challenge, fields=["title", "situation"])
    return challenge


def add_goal(*, plan: Plan, title: str) -> Goal:
    errors: dict = {}
    _required(errors, title=title)
    _raise(errors)
    with transaction.atomic(), scope(authority=plan.authority_id):
        order = Goal.objects.filter(plan=plan).count() + 1
        goal = Goal.objects.create(authority_id=plan.authority_id, plan=plan, title=title.strip()[:300], order=order)
        record(action=Action.CREATE, obj=goal, fields=["title"])
    return goal


def add_logic_node(*, plan: Plan, kind: str, title: str) -> LogicNode:
    errors: dict = {}
    _required(errors, title=title)
    if kind not in LogicNode.Kind.values:
        errors["kind"] = _("Select a valid choice. That choice is not one of the available choices.")
    _raise(errors)
    with transaction.atomic(), scope(authority=plan.authority_id):
        order = LogicNode.objects.filter(plan=plan, kind=kind).count() + 1
        node = LogicNode.objects.create(authority_id=plan.authority_id, plan=plan, kind=kind,
                                        title=title.strip()[:200], order=order)
        record(action=Action.CREATE, obj=node, fields=["kind", "title"])
    return node


def _reaches(edges: dict[int, set[int]], start: int, goal: int) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return False


def add_logic_link(*, plan: Plan, source: LogicNode, target: LogicNode) -> LogicLink:
    """A link of the logic model: refused when it would close a cycle (a theory of change leads forward)."""
    errors: dict = {}
    if source.plan_id != plan.pk or target.plan_id != plan.pk:
        errors["source"] = _("Select a valid choice. That choice is not one of the available choices.")
    elif source.pk == target.pk:
        errors["target"] = _("A box cannot lead to itself.")
    _raise(errors)
    with transaction.atomic(), scope(authority=plan.authority_id):
        Plan.objects.select_for_update().get(pk=plan.pk)  # one link at a time per plan: no cycle by a race
        edges: dict[int, set[int]] = {}
        for a, b in LogicLink.objects.filter(plan=plan).values_list("source_id", "target_id"):
            edges.setdefault(a, set()).add(b)
        if target.pk in edges.get(source.pk, set()):
            raise ValidationError({"target": _("These two boxes are linked already.")})
        if _reaches(edges, target.pk, source.pk):
            raise ValidationError({"target": _(
                "This link would make a cycle: the second box already leads back to the first."
            )})
        link = LogicLink.objects.create(authority_id=plan.authority_id, plan=plan, source=source, target=target)
        record(action=Action.CREATE, obj=link, fields=["source", "target"])
    return link


def add_indicator(
    *, outcome: LogicNode, name: str, baseline: Decimal, target: Decimal, target_date: date, unit: str = "",
) -> Indicator:
    errors: dict = {}
    _required(errors, name=name)
    if outcome.kind not in LogicNode.OUTCOMES:
        errors["outcome"] = _("An indicator measures an outcome (short, medium or long term).")
    if baseline == target:
        errors["target"] = _("The target must differ from the baseline.")
    _raise(errors)
    with transaction.atomic(), scope(authority=outcome.authority_id):
        indicator = Indicator.objects.create(
            authority_id=outcome.authority_id, plan_id=outcome.plan_id, outcome=outcome, name=name.strip()[:200],
            unit=unit.strip()[:40], baseline=baseline, target=target, target_date=target_date,
        )
        record(action=Action.CREATE, obj=indicator, fields=["name", "baseline", "target", "target_date"])
    return indicator


def add_measurement(*, indicator: Indicator, measured_on: date, value: Decimal) -> Measurement:
    errors: dict = {}
    if measured_on > timezone.localdate():
        errors["measured_on"] = _("A measurement cannot be dated in the future.")
    _raise(errors)
    with transaction.atomic(), scope(authority=indicator.authority_id):
        current = Indicator.objects.select_for_update().get(pk=indicator.pk)
        measurement = Measurement.objects.create(authority_id=indicator.authority_id, indicator=current,
                                                 measured_on=measured_on, value=value)
        if current.latest_on is None or measured_on >= current.latest_on:
            current.latest_on, current.latest_value = measured_on, value
            current.save(update_fields=["latest_on", "latest_value"])
        record(action=Action.CREATE, obj=measurement, fields=["measured_on", "value"])
    return measurement


# --- Work plans: actions and budget ------------------------------------------------------------------------


def _clean_action(*, plan: Plan, title: str, start: date, end: date, progress: int, status: str,
                  owner: User | None, outcome: LogicNode | None, depends_on: PlanAction | None,
                  action: PlanAction | None = None) -> dict:
    errors: dict = {}
    _required(errors, title=title)
    if start and end and end < start:
        errors["end"] = _("An action cannot end before it starts.")
    if not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage between 0 and 100.")
    if status not in PlanAction.Status.values:
        errors["status"] = _("Select a valid choice. That choice is not one of the available choices.")
    if outcome is not None and (outcome.plan_id != plan.pk or outcome.kind not in LogicNode.OUTCOMES):
        errors["outcome"] = _("Select a valid choice. That choice is not one of the available choices.")
    if depends_on is not None:
        if depends_on.plan_id != plan.pk:
            errors["depends_on"] = _("Select a valid choice. That choice is not one of the available choices.")
        elif action is not None:
            chain: set[int] = set()
            step: PlanAction | None = depends_on
            with scope(authority=plan.authority_id):
                while step is not None and step.pk not in chain:
                    if step.pk == action.pk:
                        errors["depends_on"] = _("This dependency would make a cycle.")
                        break
                    chain.add(step.pk)
                    step = step.depends_on
    _member_of(plan.authority_id, owner, "owner", errors)
    _raise(errors)
    return {"title": title.strip()[:200], "start": start, "end": end, "progress": progress, "status": status,
            "owner": owner, "outcome": outcome, "depends_on": depends_on}


def create_action(
    *, plan: Plan, channel: Channel, title: str, start: date, end: date, owner: User | None = None,
    outcome: LogicNode | None = None, depends_on: PlanAction | None = None,
    status: str = PlanAction.Status.PLANNED, progress: int = 0,
) -> PlanAction:
    values = _clean_action(plan=plan, title=title, start=start, end=end, progress=progress, status=status,
                           owner=owner, outcome=outcome, depends_on=depends_on)
    if channel.plan_id != plan.pk:
        raise ValidationError({"channel": _("Select a valid choice. That choice is not one of the available choices.")})
    with transaction.atomic(), scope(authority=plan.authority_id):
        action = PlanAction.objects.create(authority_id=plan.authority_id, plan=plan, channel=channel, **values)
        record(action=Action.CREATE, obj=action, fields=[k for k, v in values.items() if v])
    return action


def update_action(
    *, action: PlanAction, version: int, title: str, start: date, end: date, status: str, progress: int,
    owner: User | None, outcome: LogicNode | None, depends_on: PlanAction | None,
) -> list[str]:
    with scope(authority=action.authority_id):
        plan = action.plan
    values = _clean_action(plan=plan, title=title, start=start, end=end, progress=progress, status=status,
                           owner=owner, outcome=outcome, depends_on=depends_on, action=action)
    with transaction.atomic(), scope(authority=action.authority_id):
        current: PlanAction = lock_current(PlanAction.objects, pk=action.pk, version=version)
        changed = apply_changes(current, values)
        if changed:
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def add_budget_line(*, action: PlanAction, year: int, amount: Decimal, source: str) -> BudgetLine:
    errors: dict = {}
    if amount is None or amount < 0:
        errors["amount"] = _("A budget line cannot be a negative sum.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Enter a year between 2000 and 2100.")
    if source not in BudgetLine.Source.values:
        errors["source"] = _("Select a valid choice. That choice is not one of the available choices.")
    _raise(errors)
    with transaction.atomic(), scope(authority=action.authority_id):
        current = PlanAction.objects.select_for_update().get(pk=action.pk)
        line = BudgetLine.objects.create(authority_id=action.authority_id, action=current, year=year, amount=amount,
                                         source=source)
        current.budget_total = BudgetLine.objects.filter(action=current).aggregate(s=Sum("amount"))["s"] or 0
        current.save(update_fields=["budget_total"])
        record(action=Action.CREATE, obj=line, fields=["year", "amount", "source"])
    return line


# --- The experimental pilot --------------------------------------------------------------------------------


def add_initiative(*, plan: Plan, title: str, description: str = "", team_name: str = "",
                   channel: Channel | None = None) -> Initiative:
    errors: dict = {}
    _required(errors, title=title)
    if channel is not None and channel.plan_id != plan.pk:
        errors["channel"] = _("Select a valid choice. That choice is not one of the available choices.")
    _raise(errors)
    with transaction.atomic(), scope(authority=plan.authority_id):
        initiative = Initiative.objects.create(
            authority_id=plan.authority_id, plan=plan, title=title.strip()[:200],
            description=description.replace("\r\n", "\n"), team_name=team_name.strip()[:150], channel=channel,
        )
        record(action=Action.CREATE, obj=initiative, fields=["title", "description", "team_name"])
    return initiative


def score_initiative(
    *, initiative: Initiative, version: int, fit: int, impact: int, feasibility: int, selected: bool,
    connections: bool = False, mentoring: bool = False, amount: Decimal = Decimal(0),
) -> list[str]:
    """The hackathon's committee scores an initiative on the criteria and selects it for support or not."""
    errors: dict = {}
    for name, value in (("fit_score", fit), ("impact_score", impact), ("feasibility_score", feasibility)):
        if not 1 <= value <= 5:
            errors[name] = _("Score from 1 to 5.")
    if amount < 0:
        errors["support_amount"] = _("A budget line cannot be a negative sum.")
    if selected and not (connections or mentoring or amount > 0):
        errors["support_connections"] = _("Say how a selected initiative is supported: connections, mentoring or money.")
    _raise(errors)
    with transaction.atomic(), scope(authority=initiative.authority_id):
        current: Initiative = lock_current(Initiative.objects, pk=initiative.pk, version=version)
        if current.status in (Initiative.Status.CONTINUED, Initiative.Status.STOPPED):
            raise ValidationError({"fit_score": _("The nine-month decision on this initiative was made already.")})
        changed = apply_changes(current, {
            "fit_score": fit, "impact_score": impact, "feasibility_score": feasibility,
            "status": Initiative.Status.SELECTED if selected else Initiative.Status.NOT_SELECTED,
            "support_connections": connections and selected, "support_mentoring": mentoring and selected,
            "support_amount": amount if selected else Decimal(0),
        })
        if changed:
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def decide_initiative(*, initiative: Initiative, version: int, continues: bool, learning: str,
                      note: str) -> list[str]:
    """About nine months after the hackathon: continue (it fits the plan and advances its targets) or stop."""
    errors: dict = {}
    _required(errors, decision_note=note)
    _raise(errors)
    with transaction.atomic(), scope(authority=initiative.authority_id):
        current: Initiative = lock_current(Initiative.objects, pk=initiative.pk, version=version)
        if current.status not in (Initiative.Status.SELECTED, Initiative.Status.CONTINUED, Initiative.Status.STOPPED):
            raise ValidationError({"decision_note": _("Only an initiative selected for support is decided on.")})
        changed = apply_changes(current, {
            "status": Initiative.Status.CONTINUED if continues else Initiative.Status.STOPPED,
            "learning": learning.replace("\r\n", "\n"), "decision_note": note.replace("\r\n", "\n"),
        })
        if changed:
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


# --- Publishing --------------------------------------------------------------------------------------------


def _number(value: Decimal | None) -> str:
    """38.00 → "38", 12.50 → "12.5": as a person would write it."""
    if value is None:
        return ""
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def plan_content(plan: Plan) -> dict:
    """What the public sees of a plan: no person's name, no budget per person, only the plan itself."""
    with scope(authority=plan.authority_id):
        channels = list(Channel.objects.filter(plan=plan).order_by("order", "id"))
        actions = list(PlanAction.objects.filter(plan=plan).exclude(status=PlanAction.Status.STOPPED)
                       .order_by("start", "id").values("channel_id", "title", "start", "end", "status", "progress",
                                                       "budget_total"))
        indicators = list(Indicator.objects.filter(plan=plan).order_by("id").values(
            "name", "unit", "baseline", "target", "target_date", "latest_value", "latest_on"))
        return {
            "title": plan.title,
            "vision": plan.vision,
            "description": plan.description,
            "goals": list(Goal.objects.filter(plan=plan).order_by("order", "id").values_list("title", flat=True)),
            "challenges": [{"title": c.title, "situation": c.situation}
                           for c in Challenge.objects.filter(plan=plan).order_by("order", "id")],
            "channels": [{
                "name": channel.name,
                "actions": [{"title": a["title"], "start": _day(a["start"]), "end": _day(a["end"]),
                             "status": a["status"], "progress": a["progress"], "budget": str(a["budget_total"])}
                            for a in actions if a["channel_id"] == channel.pk],
            } for channel in channels],
            "indicators": [{"name": i["name"], "unit": i["unit"], "baseline": _number(i["baseline"]),
                            "target": _number(i["target"]), "target_date": _day(i["target_date"]),
                            "latest": _number(i["latest_value"]),
                            "latest_on": _day(i["latest_on"])} for i in indicators],
        }


def publish_plan(*, plan: Plan) -> PlanRelease:
    """Publish the approved plan as a new version: the public page shows it, frozen, until the next one."""
    with transaction.atomic(), scope(authority=plan.authority_id):
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        _may("strategy.approve", current)
        if current.status != Plan.Status.APPROVED:
            raise ValidationError({"status": _(
                "Only a plan the steering committee approved is published. Record the approval meeting first."
            )})
        number = current.published_version + 1
        release = PlanRelease.objects.create(authority_id=current.authority_id, plan=current, number=number,
                                             content=plan_content(current), published_by=context.current_user())
        Plan.objects.filter(pk=current.pk).update(published_version=number)
        record(action=Action.UPDATE, obj=current, fields=["published_version"])
    plan.published_version = number
    return release


# --- Residents' comments on the published plan -------------------------------------------------------------

COMMENT_LIMITS = (  # (how many, in how long) from one address; a flood is refused, nothing is stored
    (3, timedelta(minutes=10)),
    (10, timedelta(days=1)),
)
PLAN_COMMENTS_PER_DAY = 500


def client_hash(client: str) -> str:
    """A keyed hash of the commenter's address: enough to count a flood, not to know who wrote."""
    return hmac.new(settings.SECRET_KEY.encode(), f"strategy-comment:{client}".encode(), hashlib.sha256).hexdigest()


def submit_public_comment(*, plan: Plan, body: str, name: str = "", client: str) -> PublicComment:
    """A resident comments on a published plan; the comment waits for moderation before anyone sees it."""
    errors: dict = {}
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        errors["body"] = _(REQUIRED)
    elif len(body) > 2000:
        errors["body"] = _("Write up to 2,000 characters.")
    _raise(errors)
    now = timezone.now()
    key = client_hash(client)
    with transaction.atomic(), scope(authority=plan.authority_id):
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if current.published_version == 0 or current.status == Plan.Status.ARCHIVED:
            raise ValidationError({"body": _("This plan is not published.")})
        mine = PublicComment.objects.filter(authority_id=plan.authority_id, client_hash=key)
        for most, period in COMMENT_LIMITS:
            if mine.filter(created_at__gte=now - period).count() >= most:
                raise ValidationError({"body": ValidationError(_(
                    "You have sent several comments in a short time. Please try again later."
                ), code="rate_limited")})
        if PublicComment.objects.filter(plan=current, created_at__gte=now - timedelta(days=1)).count() >= \
                PLAN_COMMENTS_PER_DAY:
            raise ValidationError({"body": ValidationError(_(
                "This plan has received many comments today. Please try again tomorrow."), code="rate_limited")})
        comment = PublicComment.objects.create(authority_id=plan.authority_id, plan=current, body=body,
                                               name=(name or "").strip()[:80], client_hash=key,
                                               release_number=current.published_version)
        record(action=Action.CREATE, obj=comment, fields=["body"] + (["name"] if comment.name else []))
    return comment


def moderate_comment(*, comment: PublicComment, approve: bool) -> None:
    with transaction.atomic(), scope(authority=comment.authority_id):
        current = PublicComment.objects.select_for_update().get(pk=comment.pk)
        _may("strategy.edit", current.plan)
        current.status = PublicComment.Status.APPROVED if approve else PublicComment.Status.REJECTED
        current.moderated_by, current.moderated_at = context.current_user(), timezone.now()
        current.save(update_fields=["status", "moderated_by", "moderated_at"])
        record(action=Action.UPDATE, obj=current, fields=["status"])


# --- The hackathon's public form -----------------------------------------------------------------------------


def set_proposals_open(*, plan: Plan, is_open: bool) -> None:
    """Open or close the public form where residents propose initiatives for the hackathon."""
    with transaction.atomic(), scope(authority=plan.authority_id):
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        _may("strategy.edit", current)
        if current.proposals_open != is_open:
            Plan.objects.filter(pk=current.pk).update(proposals_open=is_open)
            record(action=Action.UPDATE, obj=current, fields=["proposals_open"])
    plan.proposals_open = is_open


def submit_public_initiative(*, plan: Plan, title: str, description: str, team_name: str, client: str) -> Initiative:
    """A resident proposes an initiative for the hackathon while the form is open; a flood is refused."""
    errors: dict = {}
    _required(errors, title=title, description=description)
    if len(description or "") > 4000:
        errors["description"] = _("Write up to 4,000 characters.")
    _raise(errors)
    key = client_hash(client)
    now = timezone.now()
    with transaction.atomic(), scope(authority=plan.authority_id):
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if not current.proposals_open or current.status == Plan.Status.ARCHIVED:
            raise ValidationError({"title": _("Proposals for this plan's hackathon are closed.")})
        mine = Initiative.objects.filter(authority_id=plan.authority_id, client_hash=key)
        for most, period in COMMENT_LIMITS:
            if mine.filter(created_at__gte=now - period).count() >= most:
                raise ValidationError({"title": ValidationError(_(
                    "You have sent several proposals in a short time. Please try again later."
                ), code="rate_limited")})
        initiative = Initiative.objects.create(
            authority_id=plan.authority_id, plan=current, title=title.strip()[:200], client_hash=key,
            description=description.replace("\r\n", "\n").strip(), team_name=(team_name or "").strip()[:150],
        )
        record(action=Action.CREATE, obj=initiative, fields=["title", "description", "team_name"])
    return initiative
