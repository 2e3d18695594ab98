"""The public plan: the published version of each approved plan, for residents, without login, in the
visitor's language. What is shown is the frozen content of the latest published version (PlanRelease), so
nothing a committee changed since, and nothing of a plan never published, reaches these pages. No person's
name is in the published content."""

from __future__ import annotations

import csv
from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django_scopes import scope

from merhav.core.spreadsheets import safe_cell
from merhav.tenancy.models import Authority

from . import selectors
from .models import PlanAction


def _authority(slug: str) -> Authority:
    authority = Authority.objects.filter(slug=slug, is_active=True).first()
    if authority is None:
        raise Http404("No such authority.")
    return authority


@require_safe
@cache_control(public=True, max_age=300)
def plans(request, public_slug: str):
    authority = _authority(public_slug)
    with scope(authority=authority):
        releases = selectors.published_plans(authority)
    return render(request, "strategy/public/plans.html", {"public_authority": authority, "releases": releases})


def _release(public_slug: str, plan_id: int):
    authority = _authority(public_slug)
    with scope(authority=authority):
        return authority, get_object_or_404(selectors.published_release(authority, plan_id))


@require_safe
@cache_control(public=True, max_age=300)
def plan(request, public_slug: str, plan_id: int):
    authority, release = _release(public_slug, plan_id)
    labels = dict(PlanAction.Status.choices)
    content = release.content
    for channel in content.get("channels", []):
        for action in channel["actions"]:
            action["status_label"] = labels.get(action["status"], "")
            action["start_day"] = date.fromisoformat(action["start"])
            action["end_day"] = date.fromisoformat(action["end"])
    return render(request, "strategy/public/plan.html",
                  {"public_authority": authority, "release": release, "content": content})


@require_safe
@cache_control(public=True, max_age=300)
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
