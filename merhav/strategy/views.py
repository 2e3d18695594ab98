"""The pages of the strategic plan. Thin: parse the request → ask the policy → call a selector or a service →
render. A view never writes a model itself."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from merhav.audit.services import Action, record
from merhav.core.permissions import check_perm, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.tenancy.models import Membership
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from . import drawings, exports, process, selectors, services
from .forms import (
    ActionForm,
    BudgetLineForm,
    ChallengeForm,
    ChannelForm,
    DecisionForm,
    GoalForm,
    HoldMeetingForm,
    IndicatorForm,
    InitiativeForm,
    LinkForm,
    MeasurementForm,
    MeetingDateForm,
    NodeForm,
    ParticipantForm,
    PlanForm,
    ScoreForm,
)
from .models import Channel, Indicator, Initiative, Meeting, Participant, Plan, PlanAction, PublicComment

PAGE_SIZE = 25
CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved a change here while you were editing. What is saved now is shown above the form; the form "
    "still holds your changes. Check them and save again to replace the saved version with yours."
)


def _plan(request, plan_id: int) -> Plan:
    return get_object_or_404(selectors.plan_detail(request.authority, plan_id))


def plan_url(plan: Plan, name: str = "detail", **kwargs) -> str:
    return reverse(f"strategy:{name}", kwargs={"authority_slug": plan.authority.slug, "plan_id": plan.pk, **kwargs})


def _form_page(request, *, plan: Plan, form, title: str, back: str, save: Callable[[dict], object],
               done: str, create: bool = True, intro: str = ""):
    """A page with one form whose valid submit calls one service (create forms are submitted once)."""
    if request.method == "POST" and form.is_valid():
        try:
            if create:
                with claim_submission(request) as claim:
                    save(form.cleaned_data)
                    claim.lands_on(done)
                messages.success(request, _("Saved."))
                return redirect(claim.url)
            save(form.cleaned_data)
        except StaleVersion:
            form.add_error(None, _("Someone else saved a change after you started editing. Nothing was "
                                   "overwritten: compare the two versions, merge, and save again with the current "
                                   "version."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(done)
    context = {"plan": plan, "form": form, "title": title, "back": back, "create": create, "intro": intro}
    return render(request, "strategy/form_page.html", context, status=400 if form.errors else 200)


# --- Plans ---------------------------------------------------------------------------------------------------


@require_perm("strategy.view")
@require_safe
def index(request, authority_slug: str):
    page = Paginator(selectors.plans(request.authority), PAGE_SIZE).get_page(request.GET.get("page"))
    # Row links from one reversed address (a reverse() per row is most of a list page's cost).
    context = {"page": page, "can_create": request.user.has_perm("strategy.create", request.authority),
               "base": reverse("strategy:index", kwargs={"authority_slug": authority_slug})}
    return render(request, "strategy/index.html", context)


@require_perm("strategy.view")
@require_safe
def detail(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    meetings = selectors.meetings(request.authority, plan)
    context = {
        "plan": plan, "meetings": [m for m in meetings if m.step != Meeting.Step.TEAM],
        "team_meetings": [m for m in meetings if m.step == Meeting.Step.TEAM],
        "next_meeting": next((m for m in meetings if m.status == Meeting.Status.PLANNED and m.date), None),
        "channels": selectors.channels(request.authority, plan),
        "challenges": selectors.challenges(request.authority, plan),
        "goals": selectors.goals(request.authority, plan),
        "counts": selectors.plan_counts(request.authority, plan),
        "can_edit": request.user.has_perm("strategy.edit", plan),
        "can_approve": request.user.has_perm("strategy.approve", plan),
        "can_appoint": request.user.has_perm("strategy.appoint", plan),
        "today": timezone.localdate(),
    }
    return render(request, "strategy/detail.html", context)


@require_perm("strategy.create")
@submit_once
def create(request, authority_slug: str):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                plan = services.create_plan(
                    authority=request.authority, title=data["title"], description=data["description"],
                    status=data["status"], vision=data["vision"], start_date=data["start_date"],
                    language=request.LANGUAGE_CODE,
                )
                claim.lands_on(plan_url(plan))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan was created, with the dates of its meetings proposed."))
            return redirect(claim.url)
    return render(request, "strategy/form.html", {"form": form, "plan": None}, status=400 if form.errors else 200)


@require_perm("strategy.view")
def edit(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    conflict = None
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_plan(
                    plan=plan, version=data["version"] or 0, title=data["title"], description=data["description"],
                    status=data["status"], vision=data["vision"], start_date=data["start_date"],
                )
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=CONFLICT_MESSAGE, fields={
                    "title": now.title, "status": now.get_status_display(), "description": now.description,
                    "vision": now.vision})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(plan_url(plan))
    else:
        form = PlanForm(initial=PlanForm.initial_for(plan))
    context = {"form": form, "plan": plan, "conflict": conflict}
    return render(request, "strategy/form.html", context, status=CONFLICT if conflict else 400 if form.errors else 200)


@require_perm("strategy.view")
@require_POST
def publish(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.approve", plan)
    try:
        release = services.publish_plan(plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(number)s of the plan is public.") % {"number": release.number})
    return redirect(plan_url(plan))


# --- Meetings --------------------------------------------------------------------------------------------------


@require_perm("strategy.view")
def meeting(request, authority_slug: str, plan_id: int, plan_meeting_id: int):
    plan = _plan(request, plan_id)
    item = get_object_or_404(selectors.meeting_detail(request.authority, plan, plan_meeting_id))
    people = Participant.objects.filter(plan=plan).order_by("committee", "full_name")
    if item.step != Meeting.Step.LAUNCH:  # the launch conference invites everyone; a meeting, its own members
        people = people.filter(committee=process.COMMITTEE_OF[item.step])
        if item.channel_id:
            people = people.filter(channel_id=item.channel_id)
    can_edit = request.user.has_perm("strategy.edit", plan)
    may_hold = can_edit and (item.step != Meeting.Step.STEERING_APPROVAL
                             or request.user.has_perm("strategy.approve", plan))
    date_form = hold_form = None
    conflict = None
    status = 200
    if request.method == "POST":
        check_perm(request, "strategy.edit", plan)
        if request.POST.get("form") == "date":
            date_form = MeetingDateForm(request.POST, auto_id="date_%s")
            if date_form.is_valid():
                try:
                    services.set_meeting_date(meeting=item, version=date_form.cleaned_data["version"] or 0,
                                              day=date_form.cleaned_data["date"])
                except StaleVersion as stale:
                    conflict = show_conflict(date_form, stale.current, message=CONFLICT_MESSAGE,
                                             fields={"date": stale.current.date})
                except ValidationError as error:
                    add_service_errors(date_form, error)
                else:
                    messages.success(request, _("The date is set; the dates after it were proposed again."))
                    return redirect(plan_url(plan, "meeting", plan_meeting_id=item.pk))
        else:
            if not may_hold:
                check_perm(request, "strategy.approve", plan)
            hold_form = HoldMeetingForm(request.POST, people=people)
            if hold_form.is_valid():
                data = hold_form.cleaned_data
                try:
                    services.hold_meeting(meeting=item, version=data["version"] or 0, held_on=data["held_on"],
                                          decisions=data["decisions"], attendee_ids=[p.pk for p in data["attendees"]])
                except StaleVersion as stale:
                    conflict = show_conflict(hold_form, stale.current, message=CONFLICT_MESSAGE,
                                             fields={"decisions": stale.current.decisions})
                except ValidationError as error:
                    add_service_errors(hold_form, error)
                else:
                    messages.success(request, _("The meeting is recorded."))
                    return redirect(plan_url(plan))
        status = CONFLICT if conflict else 400
    date_form = date_form or MeetingDateForm(initial={"date": item.date, "version": item.version}, auto_id="date_%s")
    hold_form = hold_form or HoldMeetingForm(people=people, initial={
        "held_on": item.held_on or min(item.date or timezone.localdate(), timezone.localdate()),
        "decisions": item.decisions, "attendees": list(item.attendees.all()), "version": item.version})
    context = {"plan": plan, "meeting": item, "agenda": process.agenda(item), "date_form": date_form,
               "hold_form": hold_form, "can_edit": can_edit, "may_hold": may_hold, "conflict": conflict,
               "attendees": list(item.attendees.all()) if item.status == Meeting.Status.HELD else []}
    return render(request, "strategy/meeting.html", context, status=status)


# --- People, channels, challenges, goals -------------------------------------------------------------------------


@require_perm("strategy.view")
@require_safe
def people(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    members = selectors.participants(request.authority, plan)
    context = {"plan": plan, "people": members, "mix": selectors.sector_mix(members),
               "sectors": Participant.Sector.choices, "channels": selectors.channels(request.authority, plan),
               "can_edit": request.user.has_perm("strategy.edit", plan),
               "can_appoint": request.user.has_perm("strategy.appoint", plan)}
    return render(request, "strategy/people.html", context)


@require_perm("strategy.view")
@submit_once
def participant_add(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    form = ParticipantForm(request.POST or None, plan=plan)
    return _form_page(request, plan=plan, form=form, title=_("Add a member"), back=plan_url(plan, "people"),
                      done=plan_url(plan, "people"), save=lambda d: services.add_participant(
                          plan=plan, committee=d["committee"], full_name=d["full_name"], sector=d["sector"],
                          organisation=d["organisation"], channel=d["channel"], user=d["user"]))


@require_perm("strategy.view")
def channel_edit(request, authority_slug: str, plan_id: int, plan_channel_id: int):
    plan = _plan(request, plan_id)
    channel = get_object_or_404(Channel.objects.filter(plan=plan, pk=plan_channel_id))
    check_perm(request, "strategy.appoint", plan)
    lead = Membership.objects.filter(authority=request.authority, user_id=channel.lead_id).first()
    form = ChannelForm(request.POST or None, authority_id=plan.authority_id,
                       initial={"name": channel.name, "lead": lead})
    return _form_page(request, plan=plan, form=form, title=_("Channel team: %(name)s") % {"name": channel.name},
                      back=plan_url(plan, "people"), done=plan_url(plan, "people"), create=False,
                      intro=_("The CEO appoints a domain lead for each team."),
                      save=lambda d: services.appoint_channel_lead(channel=channel, lead=d["lead"], name=d["name"]))


@require_perm("strategy.view")
@submit_once
def challenge_add(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    form = ChallengeForm(request.POST or None)
    return _form_page(request, plan=plan, form=form, title=_("Add a challenge"), back=plan_url(plan),
                      done=plan_url(plan) + "#challenges", save=lambda d: services.add_challenge(
                          plan=plan, title=d["title"], situation=d["situation"], needs=d["needs"],
                          resources=d["resources"]))


@require_perm("strategy.view")
@submit_once
def goal_add(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    form = GoalForm(request.POST or None)
    return _form_page(request, plan=plan, form=form, title=_("Add a goal"), back=plan_url(plan),
                      done=plan_url(plan) + "#compass", save=lambda d: services.add_goal(plan=plan, title=d["title"]))


# --- Logic model -----------------------------------------------------------------------------------------------


@require_perm("strategy.view")
@require_safe
def logic(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    model = selectors.logic_model(request.authority, plan)
    context = {"plan": plan, "model": model, "can_edit": request.user.has_perm("strategy.edit", plan),
               "drawing": drawings.logic_model(model.columns, model.links, title=_("Logic model")),
               "links": [(model.nodes[link.source_id], model.nodes[link.target_id]) for link in model.links]}
    return render(request, "strategy/logic.html", context)


@require_perm("strategy.view")
@submit_once
def node_add(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    form = NodeForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    return _form_page(request, plan=plan, form=form, title=_("Add a box to the logic model"),
                      back=plan_url(plan, "logic"), done=plan_url(plan, "logic"),
                      save=lambda d: services.add_logic_node(plan=plan, kind=d["kind"], title=d["title"]))


@require_perm("strategy.view")
@submit_once
def link_add(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    form = LinkForm(request.POST or None, plan=plan)
    return _form_page(request, plan=plan, form=form, title=_("Link two boxes"), back=plan_url(plan, "logic"),
                      done=plan_url(plan, "logic"),
                      save=lambda d: services.add_logic_link(plan=plan, source=d["source"], target=d["target"]))


@require_perm("strategy.view")
@submit_once
def indicator_add(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    form = IndicatorForm(request.POST or None, plan=plan)
    return _form_page(request, plan=plan, form=form, title=_("Add an indicator"), back=plan_url(plan, "logic"),
                      done=plan_url(plan, "logic") + "#indicators", save=lambda d: services.add_indicator(
                          outcome=d["outcome"], name=d["name"], unit=d["unit"], baseline=d["baseline"],
                          target=d["target"], target_date=d["target_date"]))


@require_perm("strategy.view")
@submit_once
def measurement_add(request, authority_slug: str, plan_id: int, plan_indicator_id: int):
    plan = _plan(request, plan_id)
    indicator = get_object_or_404(Indicator.objects.filter(plan=plan, pk=plan_indicator_id))
    check_perm(request, "strategy.edit", plan)
    form = MeasurementForm(request.POST or None)
    return _form_page(request, plan=plan, form=form, back=plan_url(plan, "logic"),
                      title=_("Add a measurement: %(name)s") % {"name": indicator.name},
                      done=plan_url(plan, "logic") + "#indicators", save=lambda d: services.add_measurement(
                          indicator=indicator, measured_on=d["measured_on"], value=d["value"]))


# --- Work plans, Gantt and budget ------------------------------------------------------------------------------


@require_perm("strategy.view")
@require_safe
def work_plan(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    items = selectors.actions(request.authority, plan)
    today = timezone.localdate()
    context = {"plan": plan, "actions": items, "budget": selectors.budget(items), "today": today,
               "base": plan_url(plan, "work_plan").removesuffix("work-plan/") + "actions/",
               "gantt": drawings.gantt(items, title=_("Gantt chart of the plan"), today=today),
               "can_edit": request.user.has_perm("strategy.edit", plan)}
    return render(request, "strategy/work_plan.html", context)


@require_perm("strategy.view")
@require_safe
def work_plan_xlsx(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    items = selectors.actions(request.authority, plan)
    content = exports.work_plan_xlsx(plan=plan, actions=items, budget=selectors.budget(items))
    record(action=Action.EXPORT, obj=plan, fields=["actions", "budget", "xlsx"])
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-work-plan.xlsx"'
    return response


@require_perm("strategy.view")
@require_safe
def plan_docx(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    items = selectors.actions(request.authority, plan)
    content = exports.plan_docx(
        plan=plan, meetings=selectors.meetings(request.authority, plan), goals=selectors.goals(request.authority, plan),
        challenges=selectors.challenges(request.authority, plan), model=selectors.logic_model(request.authority, plan),
        actions=items, budget=selectors.budget(items), initiatives=selectors.initiatives(request.authority, plan),
    )
    record(action=Action.EXPORT, obj=plan, fields=["docx"])
    response = HttpResponse(content, content_type=exports.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.docx"'
    return response


def _action_values(d: dict) -> dict:
    return {"title": d["title"], "start": d["start"], "end": d["end"], "owner": d["owner"], "outcome": d["outcome"],
            "depends_on": d["depends_on"], "status": d["status"], "progress": d["progress"]}


@require_perm("strategy.view")
@submit_once
def action_add(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    form = ActionForm(request.POST or None, plan=plan, initial={"channel": request.GET.get("channel")})
    return _form_page(request, plan=plan, form=form, title=_("Add an action"), back=plan_url(plan, "work_plan"),
                      done=plan_url(plan, "work_plan"), save=lambda d: services.create_action(
                          plan=plan, channel=d["channel"], **_action_values(d)))


@require_perm("strategy.view")
def action_edit(request, authority_slug: str, plan_id: int, plan_action_id: int):
    plan = _plan(request, plan_id)
    item = get_object_or_404(selectors.action_detail(request.authority, plan, plan_action_id))
    check_perm(request, "strategy.edit", plan)
    conflict = None
    if request.method == "POST":
        form = ActionForm(request.POST, plan=plan, action=item, initial={"channel": item.channel_id})
        if form.is_valid():
            try:
                services.update_action(action=item, version=form.cleaned_data["version"] or 0,
                                       **_action_values(form.cleaned_data))
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=CONFLICT_MESSAGE, fields={
                    "title": now.title, "status": now.get_status_display(), "progress": now.progress})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(plan_url(plan, "work_plan"))
    else:
        form = ActionForm(plan=plan, action=item, initial=ActionForm.initial_for(item))
    context = {"plan": plan, "form": form, "title": item.title, "back": plan_url(plan, "work_plan"), "create": False,
               "conflict": conflict, "budget_url": plan_url(plan, "budget_add", plan_action_id=item.pk),
               "lines": list(item.budget_lines.all())}
    return render(request, "strategy/form_page.html", context,
                  status=CONFLICT if conflict else 400 if form.errors else 200)


@require_perm("strategy.view")
@submit_once
def budget_add(request, authority_slug: str, plan_id: int, plan_action_id: int):
    plan = _plan(request, plan_id)
    item = get_object_or_404(PlanAction.objects.filter(plan=plan, pk=plan_action_id))
    check_perm(request, "strategy.edit", plan)
    form = BudgetLineForm(request.POST or None, initial={"year": timezone.localdate().year})
    return _form_page(request, plan=plan, form=form, back=plan_url(plan, "work_plan"),
                      title=_("Add a budget line: %(action)s") % {"action": item.title},
                      done=plan_url(plan, "work_plan") + "#budget", save=lambda d: services.add_budget_line(
                          action=item, year=d["year"], amount=d["amount"], source=d["source"]))


# --- The experimental pilot ------------------------------------------------------------------------------------


@require_perm("strategy.view")
@require_safe
def pilot(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    steps = [m for m in selectors.meetings(request.authority, plan) if m.step in selectors.PILOT_STEPS]
    context = {"plan": plan, "steps": steps, "initiatives": selectors.initiatives(request.authority, plan),
               "base": plan_url(plan, "pilot") + "initiatives/",
               "can_edit": request.user.has_perm("strategy.edit", plan)}
    return render(request, "strategy/pilot.html", context)


@require_perm("strategy.view")
@submit_once
def initiative_add(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    form = InitiativeForm(request.POST or None, plan=plan)
    return _form_page(request, plan=plan, form=form, title=_("Add an initiative"), back=plan_url(plan, "pilot"),
                      done=plan_url(plan, "pilot"), save=lambda d: services.add_initiative(
                          plan=plan, title=d["title"], description=d["description"], team_name=d["team_name"],
                          channel=d["channel"]))


def _initiative(request, plan: Plan, initiative_id: int) -> Initiative:
    return get_object_or_404(selectors.initiative_detail(request.authority, plan, initiative_id))


@require_perm("strategy.view")
def initiative_score(request, authority_slug: str, plan_id: int, plan_initiative_id: int):
    plan = _plan(request, plan_id)
    item = _initiative(request, plan, plan_initiative_id)
    check_perm(request, "strategy.edit", plan)
    form = ScoreForm(request.POST or None, initial={
        "fit": item.fit_score, "impact": item.impact_score, "feasibility": item.feasibility_score,
        "selected": "yes" if item.status == Initiative.Status.SELECTED else "no",
        "connections": item.support_connections, "mentoring": item.support_mentoring,
        "amount": item.support_amount, "version": item.version})
    return _form_page(request, plan=plan, form=form, title=_("Score and select: %(title)s") % {"title": item.title},
                      back=plan_url(plan, "pilot"), done=plan_url(plan, "pilot"), create=False,
                      save=lambda d: services.score_initiative(
                          initiative=item, version=d["version"] or 0, fit=d["fit"], impact=d["impact"],
                          feasibility=d["feasibility"], selected=d["selected"] == "yes",
                          connections=d["connections"], mentoring=d["mentoring"], amount=d["amount"]))


@require_perm("strategy.view")
def initiative_decide(request, authority_slug: str, plan_id: int, plan_initiative_id: int):
    plan = _plan(request, plan_id)
    item = _initiative(request, plan, plan_initiative_id)
    check_perm(request, "strategy.edit", plan)
    form = DecisionForm(request.POST or None, initial={"learning": item.learning, "note": item.decision_note,
                                                        "version": item.version})
    return _form_page(request, plan=plan, form=form, title=_("Decide: %(title)s") % {"title": item.title},
                      back=plan_url(plan, "pilot"), done=plan_url(plan, "pilot"), create=False,
                      intro=_("About nine months after the hackathon: continue an initiative that fits the plan and "
                              "advances its targets; stop one that does not."),
                      save=lambda d: services.decide_initiative(
                          initiative=item, version=d["version"] or 0, continues=d["continues"] == "yes",
                          learning=d["learning"], note=d["note"]))


# --- Residents' comments ---------------------------------------------------------------------------------------


@require_perm("strategy.view")
@require_safe
def comments(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    status = request.GET.get("status", PublicComment.Status.PENDING)
    if status not in PublicComment.Status.values:
        status = PublicComment.Status.PENDING
    page = Paginator(selectors.comments(request.authority, plan, status=status), PAGE_SIZE).get_page(
        request.GET.get("page"))
    context = {"plan": plan, "page": page, "status": status, "statuses": PublicComment.Status.choices,
               "can_edit": request.user.has_perm("strategy.edit", plan),
               "base": plan_url(plan, "comments")}
    return render(request, "strategy/comments.html", context)


@require_perm("strategy.view")
@require_POST
def comment_moderate(request, authority_slug: str, plan_id: int, plan_comment_id: int):
    plan = _plan(request, plan_id)
    item = get_object_or_404(PublicComment.objects.filter(plan=plan, pk=plan_comment_id))
    check_perm(request, "strategy.edit", plan)
    services.moderate_comment(comment=item, approve=request.POST.get("decision") == "approve")
    messages.success(request, _("The comment was approved and is public.") if request.POST.get("decision") == "approve"
                     else _("The comment was rejected."))
    return redirect(plan_url(plan, "comments"))


@require_perm("strategy.view")
@require_POST
def proposals(request, authority_slug: str, plan_id: int):
    plan = _plan(request, plan_id)
    check_perm(request, "strategy.edit", plan)
    is_open = request.POST.get("open") == "yes"
    services.set_proposals_open(plan=plan, is_open=is_open)
    messages.success(request, _("The public form for proposals is open.") if is_open
                     else _("The public form for proposals is closed."))
    return redirect(plan_url(plan, "pilot"))
