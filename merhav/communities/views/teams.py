"""Work teams, knowledge products and the library, wartime calls."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import personal_rows_shown
from merhav.core.permissions import check_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.ui.forms import add_service_errors

from .. import selectors, services
from ..access import access_of
from ..forms import LibrarySearchForm, ProductForm, ReviewForm, StatusCallForm, TeamForm
from ..models import QUALITY_CRITERIA, KnowledgeProduct, StatusCheck, WorkTeam
from .common import PAGE_SIZE, community_page, member_id_of, perms


@community_page()
def teams(request, community):
    rows = list(selectors.teams(community))
    return render(request, "communities/teams.html", {"community": community, "teams": rows,
                                                      "stages": WorkTeam.Stage.choices, **perms(request, community)})


@community_page("communities.lead")
@submit_once
def team_create(request, community):
    form = TeamForm(request.POST or None, members=selectors.member_choices(community),
                    initial={"finish_line": community.finish_line})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                team = services.create_team(community=community, name=data["name"], topic=data["topic"],
                                            budget=data["budget"] or 0, finish_line=data["finish_line"],
                                            members=form.members())
                claim.lands_on(reverse("communities:team", args=[community.pk, team.pk]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The team was formed and its members were told."))
            return redirect(claim.url)
    return render(request, "communities/team_form.html", {"form": form, "community": community},
                  status=400 if form.errors else 200)


@community_page()
def team(request, community, team_id: int):
    team = get_object_or_404(selectors.team_detail(community, team_id))
    if request.method == "POST":
        check_perm(request, "communities.edit_team", team)
        try:
            services.advance_team(team=team, version=int(request.POST.get("version") or 0))
        except StaleVersion:
            messages.error(request, _("Someone else moved the team meanwhile; here is where it stands now."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The team moved to its next stage."))
        return redirect("communities:team", community_id=community.pk, team_id=team.pk)
    context = {
        "community": community, "team": team, "stages": WorkTeam.Stage.choices,
        "team_members": team.team_members.all(), "products": list(selectors.products(community, team=team)),
        "can_edit_team": request.user.has_perm("communities.edit_team", team), **perms(request, community),
    }
    return render(request, "communities/team.html", context)


@community_page("communities.add_product")
@submit_once
def product_create(request, community):
    team_id = request.GET.get("team") or request.POST.get("team")
    team = None
    if team_id and str(team_id).isdigit():
        team = get_object_or_404(WorkTeam.objects.filter(community=community), pk=int(team_id))
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                product = services.create_product(community=community, team=team, **form.cleaned_data)
                claim.lands_on(reverse("communities:product", args=[community.pk, product.pk]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The product was saved as a draft. Review it against the criteria to publish."))
            return redirect(claim.url)
    return render(request, "communities/product_form.html", {"form": form, "community": community, "team": team},
                  status=400 if form.errors else 200)


@community_page()
def product(request, community, product_id: int):
    product = get_object_or_404(selectors.product_detail(community, product_id))
    form = ReviewForm(request.POST or None, initial={"version": product.version,
                                                     **{n: getattr(product, n) for n in QUALITY_CRITERIA}})
    if request.method == "POST":
        check_perm(request, "communities.lead", community)
        if form.is_valid():
            try:
                services.review_product(product=product, version=form.cleaned_data["version"] or 0,
                                        criteria=form.cleaned_data)
                if "publish" in request.POST:
                    product.refresh_from_db()
                    services.publish_product(product=product, version=product.version)
            except StaleVersion:
                messages.error(request, _("Someone else changed this product meanwhile; here it is as it is now."))
                return redirect("communities:product", community_id=community.pk, product_id=product.pk)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The product was published to the library.") if "publish" in request.POST
                                 else _("The review was saved."))
                return redirect("communities:product", community_id=community.pk, product_id=product.pk)
    criteria = [(name, KnowledgeProduct._meta.get_field(name).verbose_name, getattr(product, name))
                for name in QUALITY_CRITERIA]
    context = {"community": community, "product": product, "form": form, "criteria": criteria,
               **perms(request, community)}
    return render(request, "communities/product.html", context, status=400 if form.errors else 200)


@login_required
def library(request):
    """Published products of every community of the user's programmes: searchable, across communities."""
    access = access_of(request.user)
    form = LibrarySearchForm(request.GET or None)
    query, kind = "", ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
    with scope(community=selectors.library_community_ids(access)):
        page = Paginator(selectors.library(access, query=query, kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    return render(request, "communities/library.html", {"form": form, "page": page, "rows": rows, "query": query})


@community_page("communities.call_members")
def wartime(request, community):
    if request.method == "POST":
        if "start" in request.POST:
            check_perm(request, "communities.lead", community)
            try:
                count = services.start_wartime_round(community=community)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("A round of calls started: %(count)s members to call.") % {"count": count})
            return redirect("communities:wartime", community_id=community.pk)
        check = get_object_or_404(StatusCheck.objects.filter(community=community), pk=request.POST.get("check") or 0)
        form = StatusCallForm(request.POST)
        if form.is_valid():
            services.record_status_call(check=check, **form.cleaned_data)
            messages.success(request, _("The call was recorded."))
        else:
            messages.error(request, _("Choose the outcome of the call."))
        return redirect("communities:wartime", community_id=community.pk)
    rows = personal_rows_shown(selectors.status_checks(community), person="member")
    mine = member_id_of(request, community)
    summary = {label: sum(1 for r in rows if r.outcome == value) for value, label in StatusCheck.Outcome.choices}
    context = {"community": community, "rows": rows, "mine": mine, "summary": summary,
               "outcomes": StatusCheck.Outcome.choices, **perms(request, community)}
    return render(request, "communities/wartime.html", context)
