"""The public plan: the published version of each approved plan, for residents, without login, in the
visitor's language. What is shown is the frozen content of the latest published version (PlanRelease), so
nothing a committee changed since, and nothing of a plan never published, reaches these pages. No person's
name is in the published content."""

from __future__ import annotations

import csv
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django_scopes import scope

from merhav.core.ratelimit import client_key
from merhav.core.spreadsheets import safe_cell
from merhav.core.submit_once import claim_submission, submit_once
from merhav.tenancy.models import Authority
from merhav.ui.forms import add_service_errors

from . import selectors, services
from .models import PlanAction


class CommentForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Your comment on the plan"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    name = forms.CharField(label=gettext_lazy("Your name (optional)"), max_length=80, required=False)


class ProposalForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("The initiative's name"), max_length=200)
    description = forms.CharField(label=gettext_lazy("What you propose to do, with whom, and for whom"),
                                  max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    team_name = forms.CharField(label=gettext_lazy("Your team or group (optional)"), max_length=150, required=False)


def _authority(slug: str) -> Authority:
    authority = Authority.objects.filter(slug=slug, is_active=True).first()
    if authority is None:
        raise Http404("No such authority.")
    return authority


@require_safe
def plans(request, public_slug: str):
    authority = _authority(public_slug)
    with scope(authority=authority):
        releases = selectors.published_plans(authority)
    return render(request, "strategy/public/plans.html", {"public_authority": authority, "releases": releases})


def _release(public_slug: str, plan_id: int):
    authority = _authority(public_slug)
    with scope(authority=authority):
        return authority, get_object_or_404(selectors.published_release(authority, plan_id).select_related("plan"))


@require_safe
def plan(request, public_slug: str, plan_id: int):
    return _plan_page(request, public_slug, plan_id, CommentForm())


@require_POST
@submit_once
def comment(request, public_slug: str, plan_id: int):
    """A resident's comment on the published plan: moderated before it is shown; a flood is refused (429)."""
    form = CommentForm(request.POST)
    if form.is_valid():
        authority, release = _release(public_slug, plan_id)
        try:
            with claim_submission(request) as claim:
                services.submit_public_comment(plan=release.plan, body=form.cleaned_data["body"],
                                               name=form.cleaned_data["name"], client=client_key(request))
                claim.lands_on(reverse("strategy_public:plan", kwargs={"public_slug": public_slug, "plan_id": plan_id}))
        except ValidationError as error:
            add_service_errors(form, error)
            limited = any(e.code == "rate_limited" for e in error.error_dict.get("body", []))
            return _plan_page(request, public_slug, plan_id, form, status=429 if limited else 400)
        messages.success(request, _("Thank you. Your comment will be shown after the authority reviews it."))
        return redirect(reverse("strategy_public:plan", kwargs={"public_slug": public_slug, "plan_id": plan_id}))
    return _plan_page(request, public_slug, plan_id, form, status=400)


def _plan_page(request, public_slug: str, plan_id: int, form, status: int = 200):
    authority, release = _release(public_slug, plan_id)
    labels = dict(PlanAction.Status.choices)
    content = release.content
    for channel in content.get("channels", []):
        for action in channel["actions"]:
            action["status_label"] = labels.get(action["status"], "")
            action["start_day"] = date.fromisoformat(action["start"])
            action["end_day"] = date.fromisoformat(action["end"])
    with scope(authority=authority):
        shown = selectors.approved_comments(authority, plan_id)
    return render(request, "strategy/public/plan.html", {
        "public_authority": authority, "release": release, "content": content, "form": form, "comments": shown,
    }, status=status)


@require_safe
def challenges_csv(request, public_slug: str, plan_id: int):
    """The open mapping data of the published plan (seed 003: public participation with open mapping data)."""
    _authority_row, release = _release(public_slug, plan_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan_id}-challenges.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (Hebrew, Arabic) only with the byte-order mark
    writer = csv.writer(response)
    writer.writerow(["challenge", "situation"])
    for challenge in release.content.get("challenges", []):
        writer.writerow([safe_cell(challenge["title"]), safe_cell(challenge["situation"])])
    return response


@submit_once
def propose(request, public_slug: str, plan_id: int):
    """The hackathon's public form: residents propose initiatives while the authority keeps it open."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    authority = _authority(public_slug)
    with scope(authority=authority):
        plan = get_object_or_404(selectors.plans_open_to_proposals(authority), pk=plan_id)
    form = ProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                with claim_submission(request) as claim:
                    services.submit_public_initiative(plan=plan, title=data["title"], description=data["description"],
                                                      team_name=data["team_name"], client=client_key(request))
                    claim.lands_on(request.path)
            except ValidationError as error:
                add_service_errors(form, error)
                if any(e.code == "rate_limited" for e in error.error_dict.get("title", [])):
                    status = 429
            else:
                messages.success(request, _("Thank you. Your initiative was received and will be presented to the "
                                            "hackathon's committee."))
                return redirect(request.path)
    return render(request, "strategy/public/propose.html",
                  {"public_authority": authority, "plan": plan, "form": form}, status=status)
