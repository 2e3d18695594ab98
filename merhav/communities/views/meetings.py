"""Topics, the syllabus (Gantt, .xlsx, .ics), meetings with their planning sheet, attendance and survey."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from merhav.audit.services import Action, record
from merhav.core.permissions import check_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from .. import exports, selectors, services
from ..forms import AttendanceForm, MeetingForm, RankingForm, SurveyForm, TopicForm
from ..gantt import COLORS, ONLINE_COLOR, syllabus_gantt
from ..models import CommunityMember, Meeting, SatisfactionResponse
from ..services.meetings import AlreadyAnswered
from .common import community_page, member_id_of, perms


@community_page()
def topics(request, community):
    member_id = member_id_of(request, community)
    topic_form = TopicForm(request.POST if "title" in request.POST else None)
    ranked = selectors.topics_ranked(community)
    ranking_form = RankingForm(request.POST if "rank" in request.POST else None, topics=ranked)
    answered = selectors.has_ranked(member_id)
    if request.method == "POST":
        if "title" in request.POST:
            check_perm(request, "communities.lead", community)
            if topic_form.is_valid():
                services.propose_topic(community=community, title=topic_form.cleaned_data["title"])
                messages.success(request, _("The topic was added to the questionnaire."))
                return redirect("communities:topics", community_id=community.pk)
        elif "rank" in request.POST:
            check_perm(request, "communities.take_part_in", community)
            if ranking_form.is_valid():
                try:
                    services.rank_topics(community=community, member=CommunityMember.objects.get(pk=member_id),
                                         scores=ranking_form.scores())
                except AlreadyAnswered:
                    ranking_form.add_error(None, _("You have already answered this questionnaire; each member answers "
                                                   "once. Your first answers are counted."))
                except ValidationError as error:
                    add_service_errors(ranking_form, error)
                else:
                    messages.success(request, _("Thank you: your ranking was counted."))
                    return redirect("communities:topics", community_id=community.pk)
    context = {"community": community, "topics": ranked, "topic_form": topic_form, "ranking_form": ranking_form,
               "answered": answered, **perms(request, community)}
    errors = topic_form.errors or ranking_form.errors
    return render(request, "communities/topics.html", context, status=400 if errors else 200)


def _year(request, community) -> tuple[int, list[int]]:
    years = selectors.syllabus_years(community)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = selectors.current_year(community, years)
    if not (1990 <= year <= 2200):
        raise Http404("No such year.")
    return year, years


@community_page()
def syllabus(request, community):
    year, years = _year(request, community)
    rows = list(selectors.meetings(community, year=year))
    legend = [(COLORS[k], label) for k, label in Meeting.Kind.choices] + [(ONLINE_COLOR, _("Online (Zoom)"))]
    context = {
        "community": community, "year": year, "years": years or [year], "meetings": rows,
        "chart": syllabus_gantt(community, year, rows), "legend": legend,
        "year_label": f"{year}–{year + 1}", **perms(request, community),
    }
    return render(request, "communities/syllabus.html", context)


@community_page()
def syllabus_xlsx(request, community):
    year, _years = _year(request, community)
    data = exports.syllabus_xlsx(community, year, list(selectors.meetings(community, year=year)))
    record(action=Action.EXPORT, obj=community, fields=["syllabus"])
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="syllabus-{community.pk}-{year}.xlsx"'
    return response


@community_page()
def syllabus_ics(request, community):
    year, _years = _year(request, community)
    data = exports.syllabus_ics(community, selectors.meetings(community, year=year))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="syllabus-{community.pk}-{year}.ics"'
    return response


@community_page("communities.lead")
@submit_once
def meeting_create(request, community):
    form = MeetingForm(request.POST or None, initial={"kind": Meeting.Kind.MEETING})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                meeting = services.create_meeting(
                    community=community, title=data["title"], kind=data["kind"], number=data["number"],
                    starts_on=data["starts_on"], ends_on=data["ends_on"], host_authority=data["host_authority"],
                    host_name=data["host_name"], online=data["online"], planning=form.planning(),
                )
                claim.lands_on(reverse("communities:meeting", args=[community.pk, meeting.pk]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was set and the members were told."))
            return redirect(claim.url)
    return render(request, "communities/meeting_form.html", {"form": form, "community": community, "meeting": None},
                  status=400 if form.errors else 200)


@community_page()
def meeting(request, community, community_meeting_id: int):
    meeting = get_object_or_404(selectors.meeting_detail(community, community_meeting_id))
    attendance = selectors.attendance_of(meeting)
    choices = selectors.member_choices(community)
    form = AttendanceForm(request.POST or None, members=choices,
                          initial={"present": [m for m, present in attendance.items() if present]})
    if request.method == "POST":
        check_perm(request, "communities.lead", community)
        if form.is_valid():
            count = services.record_attendance(meeting=meeting, present_member_ids=form.cleaned_data["present"])
            messages.success(request, _("Attendance was saved: %(count)s present. They were asked for the survey.")
                             % {"count": count})
            return redirect("communities:meeting", community_id=community.pk, community_meeting_id=meeting.pk)
    member_id = member_id_of(request, community)
    if form.is_bound:  # a refused submit keeps what was ticked
        present_ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    else:
        present_ids = {m for m, present in attendance.items() if present}
    context = {
        "community": community, "meeting": meeting, "attendance_form": form,
        "present_count": sum(1 for p in attendance.values() if p), "recorded": bool(attendance),
        "present_ids": present_ids,
        "results": selectors.survey_results(meeting), "products": list(meeting.products.all()),
        "answered": bool(member_id) and SatisfactionResponse.objects.filter(meeting=meeting, member_id=member_id).exists(),
        **perms(request, community),
    }
    return render(request, "communities/meeting.html", context, status=400 if form.errors else 200)


@community_page("communities.lead")
def meeting_edit(request, community, community_meeting_id: int):
    meeting = get_object_or_404(selectors.meeting_detail(community, community_meeting_id))
    conflict = None
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_meeting(
                    meeting=meeting, version=data["version"] or 0, title=data["title"], kind=data["kind"],
                    number=data["number"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                    host_authority=data["host_authority"], host_name=data["host_name"], online=data["online"],
                    topic=meeting.topic, planning=form.planning(), summary=data["summary"],
                    knowledge_produced=data["knowledge_produced"],
                )
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=_(
                    "Someone else saved a change here while you were editing. What is saved now is shown above the "
                    "form; the form still holds your changes. Check them and save again to replace the saved "
                    "version with yours."
                ), fields={"title": now.title, "goals_professional": now.goals_professional, "summary": now.summary})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("communities:meeting", community_id=community.pk, community_meeting_id=meeting.pk)
    else:
        form = MeetingForm(initial=MeetingForm.initial_for(meeting))
    context = {"form": form, "community": community, "meeting": meeting, "conflict": conflict}
    return render(request, "communities/meeting_form.html", context,
                  status=CONFLICT if conflict else 400 if form.errors else 200)


@community_page("communities.take_part_in")
def survey(request, community, community_meeting_id: int):
    meeting = get_object_or_404(selectors.meeting_detail(community, community_meeting_id))
    member_id = member_id_of(request, community)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(meeting=meeting, member=CommunityMember.objects.get(pk=member_id),
                                   **form.cleaned_data)
        except AlreadyAnswered:
            form.add_error(None, _("You have already answered the survey of this meeting; each member answers once. "
                                   "Your first answer is counted."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("communities:meeting", community_id=community.pk, community_meeting_id=meeting.pk)
    return render(request, "communities/survey.html", {"community": community, "meeting": meeting, "form": form},
                  status=400 if form.errors else 200)


@community_page()
def meetings(request, community):
    """Every meeting of the year with attendance and satisfaction: the trend, meeting by meeting."""
    year, years = _year(request, community)
    rows = list(selectors.meetings_with_figures(community, year=year))
    from merhav.ui.charts import bar_chart

    answered = [m for m in rows if m.response_count]
    chart = bar_chart(
        title=_("Average satisfaction by meeting (1–5)"),
        categories=[f"{m.number or ''} {m.title}".strip() for m in answered],
        series=[(_("Satisfaction"), [round(m.overall_avg or 0, 1) for m in answered])],
    ) if answered else ""
    context = {"community": community, "meetings": rows, "year": year, "years": years or [year], "chart": chart,
               "year_label": f"{year}–{year + 1}", **perms(request, community)}
    return render(request, "communities/meetings.html", context)
