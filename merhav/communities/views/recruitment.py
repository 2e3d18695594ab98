"""Recruitment: the call, its public form, the mix view, screening, interviews and the decision."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django_scopes import scopes_disabled

from merhav.audit.services import personal_rows_shown, record_personal_read
from merhav.core.ratelimit import allow, client_key
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.ui.forms import add_service_errors

from .. import selectors, services
from ..forms import ApplicationForm, CallForm, DecisionForm, InterviewForm, MixTargetForm, QuestionForm
from ..models import Application, Call, InterviewQuestion
from ..services.recruitment import AlreadyApplied
from .common import PAGE_SIZE, community_page, perms


@community_page("communities.lead")
@submit_once
def call_create(request, community):
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                call = services.create_call(community=community, title=data["title"], text_of_call=data["text"],
                                            closes_on=data["closes_on"])
                claim.lands_on(reverse("communities:call", args=[community.pk, call.pk]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The call was created. Share its link."))
            return redirect(claim.url)
    calls = list(selectors.calls(community))
    return render(request, "communities/call_form.html", {"form": form, "community": community, "calls": calls},
                  status=400 if form.errors else 200)


@community_page("communities.lead")
def call(request, community, call_id: int):
    call = get_object_or_404(Call.objects.filter(community=community), pk=call_id)
    target_form = MixTargetForm(request.POST or None, prefix="target") if "target-dimension" in request.POST else MixTargetForm(prefix="target")
    question_form = QuestionForm(request.POST or None, prefix="question") if "question-text" in request.POST else QuestionForm(prefix="question")
    if request.method == "POST":
        if "target-dimension" in request.POST and target_form.is_valid():
            try:
                services.set_mix_target(call=call, **target_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(target_form, error)
            else:
                messages.success(request, _("The target was saved."))
                return redirect("communities:call", community_id=community.pk, call_id=call.pk)
        elif "question-text" in request.POST and question_form.is_valid():
            services.add_interview_question(community=community, question=question_form.cleaned_data["text"])
            messages.success(request, _("The question was added to the bank."))
            return redirect("communities:call", community_id=community.pk, call_id=call.pk)
    status = request.GET.get("status", "")
    status = status if status in Application.Status.values else ""
    page = Paginator(selectors.applications(call, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = personal_rows_shown(page.object_list)
    context = {
        "community": community, "call": call, "page": page, "rows": rows, "status": status,
        "statuses": Application.Status.choices, "mix": selectors.mix(call),
        "target_form": target_form, "question_form": question_form,
        "questions": list(InterviewQuestion.objects.filter(community=community)),
        "public_url": request.build_absolute_uri(reverse("communities:apply", args=[call.token])),
        **perms(request, community),
    }
    errors = target_form.errors or question_form.errors
    return render(request, "communities/call.html", context, status=400 if errors else 200)


@csrf_protect
def apply(request, call_token: str):
    """The public form of a call: no account needed. Rate-limited by address; a refused or failed submit
    keeps what was typed; the same email twice to one call is told so, and nothing is stored twice."""
    with scopes_disabled():  # the token names the call; nothing else of the community is shown
        call = get_object_or_404(Call.objects.select_related("community"), token=call_token)
    closed = not call.is_open or (call.closes_on is not None and call.closes_on < timezone.localdate())
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST" and not closed:
        if not allow("login", f"community-apply:{client_key(request)}"):
            form.add_error(None, _("Too many applications were sent from here in a short time. Wait a minute and "
                                   "send again; what you typed is kept."))
            status = 429
        elif form.is_valid():
            try:
                services.apply_to_call(call=call, **form.cleaned_data)
            except AlreadyApplied:
                form.add_error("email", _("An application from this email address has already been received for "
                                          "this call. There is no need to send it again."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(request, "communities/apply_done.html", {"call": call})
        if form.errors and status == 200:
            status = 400
    return render(request, "communities/apply.html", {"call": call, "form": form, "closed": closed}, status=status)


def _decision_forms(request, application):
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if posted else None
    return (
        InterviewForm(posted if action == "interview" else None, prefix="interview",
                      initial={"version": application.version}),
        DecisionForm(posted if action == "decide" else None, prefix="decide", initial={"version": application.version}),
        action,
    )


@community_page("communities.lead")
def application(request, community, application_id: int):
    application = get_object_or_404(Application.objects.filter(community=community).select_related("authority", "call"),
                                     pk=application_id)
    interview_form, decision_form, action = _decision_forms(request, application)
    stale = False
    if request.method == "POST":
        try:
            if action == "shortlist":
                services.shortlist_application(application=application, version=int(request.POST.get("version") or 0))
                messages.success(request, _("The applicant was shortlisted."))
                return redirect("communities:application", community_id=community.pk, application_id=application.pk)
            if action == "interview" and interview_form.is_valid():
                data = interview_form.cleaned_data
                when = timezone.make_aware(datetime.combine(data["day"], data["time"]))
                services.schedule_interview(application=application, version=data["version"] or 0, interview_at=when,
                                            notes=data["notes"])
                messages.success(request, _("The interview was scheduled and the applicant was told."))
                return redirect("communities:application", community_id=community.pk, application_id=application.pk)
            if action == "decide" and decision_form.is_valid():
                data = decision_form.cleaned_data
                services.decide_application(application=application, version=data["version"] or 0,
                                            accept=data["decision"] == "accept", message=data["message"])
                messages.success(request, _("The decision was saved and the applicant was told."))
                return redirect("communities:call", community_id=community.pk, call_id=application.call_id)
        except StaleVersion:
            stale = True
            messages.error(request, _("Someone else changed this application meanwhile. Here it is as it is now; "
                                      "decide again."))
            application.refresh_from_db()
        except ValidationError as error:
            add_service_errors(decision_form if action == "decide" else interview_form, error)
    record_personal_read(object_type="communities.application", ids=[application.pk])
    context = {
        "community": community, "application": application, "interview_form": interview_form,
        "decision_form": decision_form, "questions": list(InterviewQuestion.objects.filter(community=community)),
        "decided": application.status in (Application.Status.ACCEPTED, Application.Status.DECLINED),
        **perms(request, community),
    }
    errors = interview_form.errors or decision_form.errors
    return render(request, "communities/application.html", context, status=409 if stale else 400 if errors else 200)


