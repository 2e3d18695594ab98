"""Programmes, communities and members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from merhav.accounts.models import User
from merhav.audit.services import personal_rows_shown
from merhav.core.permissions import check_perm, require_global_perm, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from .. import selectors, services
from ..access import access_of
from ..forms import CommitteeMeetingForm, CommunityForm, MemberForm, ProgrammeForm, ProgrammeRoleForm
from ..models import Community, CommunityMember, Programme
from .common import PAGE_SIZE, community_page, perms


def stage_expectations() -> dict[str, str]:
    return {
        Community.Stage.ESTABLISHMENT: _(
            "Map the partners and their interests; agree the vision, the roles and the member mix; write the call "
            "for applications and recruit."),
        Community.Stage.YEAR_A: _(
            "Founding: the first meeting ranks the topics; the leading core builds the yearly syllabus; about ten "
            "meetings, each hosted by another authority, one two-day seminar and the yearly conference."),
        Community.Stage.YEAR_B: _(
            "Work teams of 5 to 8 members take the six stages to a knowledge product, with a budget and a common "
            "finish line."),
        Community.Stage.YEAR_C: _(
            "Impact and farewell: spread the products, open the knowledge network, measure and say goodbye."),
        Community.Stage.CLOSED: _("The community has ended; its products stay in the library."),
    }


def _index(request, template_extra: dict | None = None):
    access = access_of(request.user)
    page = Paginator(selectors.visible_communities(access), PAGE_SIZE).get_page(request.GET.get("page"))
    programmes = list(selectors.visible_programmes(access))
    context = {
        "page": page, "programmes": programmes,
        "can_create_programme": request.user.has_perm("communities.create_programme"),
        **(template_extra or {}),
    }
    return render(request, "communities/index.html", context)


@login_required
def index(request):
    return _index(request)


@require_perm("communities.open")
def authority_index(request, authority_slug: str):
    """The authority's navigation entry: the same list, inside the authority's pages."""
    return _index(request)


@require_global_perm("communities.create_programme")
@submit_once
def programme_create(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                programme = services.create_programme(**form.cleaned_data)
                claim.lands_on(reverse("communities:programme", args=[programme.pk]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme was created; you are its manager."))
            return redirect(claim.url)
    return render(request, "communities/programme_form.html", {"form": form}, status=400 if form.errors else 200)


def _programme_for(request, programme_id: int) -> Programme:
    access = access_of(request.user)
    if programme_id not in access.programme_roles and not request.user.has_perm("communities.create_programme"):
        raise Http404("No such programme for this user.")
    programme = get_object_or_404(Programme, pk=programme_id)
    check_perm(request, "communities.view_programme", programme)
    return programme


@login_required
def programme(request, programme_id: int):
    programme = _programme_for(request, programme_id)
    committee = "committee-committee" in request.POST
    role_form = ProgrammeRoleForm(request.POST if request.method == "POST" and not committee else None)
    committee_form = CommitteeMeetingForm(request.POST if committee else None, prefix="committee")
    if request.method == "POST":
        check_perm(request, "communities.manage_programme", programme)
        if committee and committee_form.is_valid():
            services.create_committee_meeting(programme=programme, **committee_form.cleaned_data)
            messages.success(request, _("The committee meeting was recorded and its members were told."))
            return redirect("communities:programme", programme_id=programme.pk)
        if not committee and role_form.is_valid():
            user = User.objects.filter(email__iexact=role_form.cleaned_data["email"], is_active=True).first()
            if user is None:
                role_form.add_error("email", _("No account has this email address."))
            else:
                services.add_programme_role(programme=programme, user=user, role=role_form.cleaned_data["role"])
                messages.success(request, _("The role was given."))
                return redirect("communities:programme", programme_id=programme.pk)
    roles = personal_rows_shown(selectors.programme_roles(programme), person="user")
    context = {
        "programme": programme, "roles": roles, "communities": selectors.programme_communities(programme),
        "role_form": role_form, "can_manage": request.user.has_perm("communities.manage_programme", programme),
        "committee_form": committee_form, "committee_meetings": list(selectors.committee_meetings(programme)[:20]),
    }
    errors = role_form.errors or committee_form.errors
    return render(request, "communities/programme.html", context, status=400 if errors else 200)


@login_required
@submit_once
def community_create(request, programme_id: int):
    programme = _programme_for(request, programme_id)
    check_perm(request, "communities.create_community", programme)
    form = CommunityForm(request.POST or None)
    form.fields.pop("wartime")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                community = services.create_community(
                    programme=programme, name=data["name"], shared_role=data["shared_role"],
                    department_kind=data["department_kind"], description=data["description"], stage=data["stage"],
                    finish_line=data["finish_line"],
                )
                claim.lands_on(reverse("communities:detail", args=[community.pk]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The community was created."))
            return redirect(claim.url)
    return render(request, "communities/community_form.html", {"form": form, "programme": programme, "community": None},
                  status=400 if form.errors else 200)


@community_page()
def detail(request, community):
    overview = selectors.community_overview(community)
    context = {
        "community": community, **overview, **perms(request, community),
        "stages": Community.Stage.choices, "expects": stage_expectations(),
        "current_stage_index": list(Community.Stage.values).index(community.stage),
    }
    return render(request, "communities/detail.html", context)


@community_page("communities.edit")
def edit(request, community):
    conflict = None
    if request.method == "POST":
        form = CommunityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_community(community=community, version=data["version"] or 0, name=data["name"],
                                          shared_role=data["shared_role"], department_kind=data["department_kind"],
                                          description=data["description"], stage=data["stage"],
                                          finish_line=data["finish_line"], wartime=data["wartime"])
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=_(
                    "Someone else saved a change here while you were editing. What is saved now is shown above the "
                    "form; the form still holds your changes. Check them and save again to replace the saved "
                    "version with yours."
                ), fields={"name": now.name, "stage": now.get_stage_display(), "description": now.description})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("communities:detail", community_id=community.pk)
    else:
        form = CommunityForm(initial=CommunityForm.initial_for(community))
    context = {"form": form, "community": community, "programme": community.programme, "conflict": conflict}
    return render(request, "communities/community_form.html", context,
                  status=CONFLICT if conflict else 400 if form.errors else 200)


@community_page()
def members(request, community):
    role = request.GET.get("role", "")
    role = role if role in CommunityMember.Role.values else ""
    page = Paginator(selectors.members(community, role=role), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = personal_rows_shown(page.object_list, person="user")
    context = {"community": community, "page": page, "rows": shown, "role": role,
               "roles": CommunityMember.Role.choices, **perms(request, community)}
    return render(request, "communities/members.html", context)


@community_page("communities.lead")
def member_add(request, community):
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(email__iexact=data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", _("No account has this email address."))
        else:
            try:
                services.add_member(community=community, user=user, authority=data["authority"], role=data["role"],
                                    job_title=data["job_title"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The member was added."))
                return redirect("communities:members", community_id=community.pk)
    return render(request, "communities/member_form.html", {"community": community, "form": form},
                  status=400 if form.errors else 200)
