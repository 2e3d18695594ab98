"""The cross-sector forum: its members (partners and departments), meetings and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from merhav.core.permissions import check_perm, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.ui.forms import add_service_errors

from .. import services
from ..forms import ForumDecisionForm, ForumMeetingForm, ForumMemberForm
from ..models import ForumDecision, ForumMeeting, ForumMember
from .common import NO_RESULT, day, form_page, run, url


def _crumbs(request) -> list:
    return [(_("Partnerships and resources"), url(request, "index")), (_("Cross-sector forum"), url(request, "forum"))]


@require_perm("resources.view")
def forum(request, authority_slug: str):
    members = ForumMember.objects.filter(authority=request.authority).select_related("partner", "department")
    meetings = ForumMeeting.objects.filter(authority=request.authority).order_by("-held_on", "-id")[:50]
    context = {
        "members": [(m.partner.name if m.partner else str(m.department.name),
                     m.partner.get_kind_display() if m.partner else _("Department"), m.role_note, day(m.joined_on))
                    for m in members],
        "meetings": [(m.pk, m.title, day(m.held_on)) for m in meetings],
        "can_edit": request.user.has_perm("resources.edit", request.authority),
    }
    return render(request, "resources/forum/index.html", context)


@require_perm("resources.edit")
@submit_once
def forum_member_add(request, authority_slug: str):
    form = ForumMemberForm(request.POST or None, authority=request.authority)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                services.add_forum_member(authority=request.authority, partner=data["partner"],
                                          department=data["department"], role_note=data["role_note"])
                claim.lands_on(url(request, "forum"))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Added to the forum."))
            return redirect(claim.url)
    return form_page(request, form, title=_("Add a forum member"), crumbs=_crumbs(request), cancel=url(request, "forum"),
                     create=True)


@require_perm("resources.edit")
@submit_once
def forum_meeting_create(request, authority_slug: str):
    form = ForumMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                meeting = services.create_forum_meeting(authority=request.authority, **form.cleaned_data)
                claim.lands_on(url(request, "forum_meeting", meeting_id=meeting.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(claim.url)
    return form_page(request, form, title=_("New forum meeting"), crumbs=_crumbs(request), cancel=url(request, "forum"),
                     create=True)


@require_perm("resources.view")
def forum_meeting(request, authority_slug: str, meeting_id: int):
    meeting = get_object_or_404(ForumMeeting.objects.filter(authority=request.authority), pk=meeting_id)
    form = ForumDecisionForm(request.POST or None)
    if request.method == "POST":
        check_perm(request, "resources.edit", meeting)
        if form.is_valid() and run(form, lambda: services.add_forum_decision(meeting=meeting, **form.cleaned_data)) \
                is not NO_RESULT:
            messages.success(request, _("The decision was added."))
            return redirect("resources:forum_meeting", authority_slug=authority_slug, meeting_id=meeting.pk)
    decisions = ForumDecision.objects.filter(authority=request.authority, meeting=meeting)
    context = {"meeting": meeting, "held_on": day(meeting.held_on),
               "decisions": [(d.text, d.owner, day(d.due_on)) for d in decisions],
               "form": form if request.user.has_perm("resources.edit", meeting) else None}
    return render(request, "resources/forum/meeting.html", context, status=400 if form.errors else 200)
