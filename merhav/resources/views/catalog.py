"""The pages of the map: partners (with contacts and agreements), resources, needs (with match suggestions
and allocations), responses and neighbourhoods. Thin: parse → policy → selector or service → render.

List pages format their numbers and dates once, in Python, into plain rows (they are the pages people open
most; the template only places strings)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merhav.audit.services import record_personal_read
from merhav.core.permissions import check_perm, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.ui.conflicts import show_conflict
from merhav.ui.forms import add_service_errors

from .. import services
from ..forms import (
    AgreementForm,
    AllocateForm,
    ContactForm,
    NeedEditForm,
    NeedForm,
    NeighbourhoodForm,
    PartnerForm,
    ResourceForm,
    ResponseForm,
)
from ..models import Category, Need, Partner, Resource
from ..selectors import catalog
from ..selectors.matching import suggestions
from .common import NO_RESULT, day, form_page, page_of, run, url


def conflict_message() -> str:
    return _("Someone else saved a change here while you were editing. What is saved now is shown above the "
             "form; the form still holds your changes. Check them and save again to replace the saved "
             "version with yours.")


def _create(request, form, *, make: Callable[[dict], Any], detail: Callable[[Any], str], title: str,
            crumbs: list, cancel: str):
    """A create page: the form, the service in the one-submit claim, then the new object's page."""
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                obj = make(form.cleaned_data)
                claim.lands_on(detail(obj))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(claim.url)
    return form_page(request, form, title=title, crumbs=crumbs, cancel=cancel, create=True)


def _edit(request, form, obj, *, save: Callable[[dict], Any], done: str, title: str, crumbs: list,
          shown: Callable[[Any], dict]):
    """An edit page with the one conflict screen on a stale version."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except StaleVersion as stale:
            conflict = show_conflict(form, stale.current, message=conflict_message(), fields=shown(stale.current))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(done)
    return form_page(request, form, title=title, crumbs=crumbs, cancel=done, conflict=conflict)


# --- partners ---------------------------------------------------------------------------------------------

@require_perm("resources.view")
def partner_list(request, authority_slug: str):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Partner.Kind.values else ""
    query = request.GET.get("q", "").strip()[:100]
    page = page_of(request, catalog.partners(request.authority, kind=kind, query=query))
    kinds = dict(Partner.Kind.choices)
    base = url(request, "partner_list")
    rows = [(f"{base}{p.pk}/", p.name, str(kinds.get(p.kind, p.kind)), p.registration_number or "—", p.fields_of_activity or "—")
            for p in page.object_list]
    context = {"page": page, "rows": rows, "kind": kind, "query": query, "kinds": Partner.Kind.choices,
               "can_create": request.user.has_perm("resources.create", request.authority)}
    return render(request, "resources/partners/list.html", context)


@require_perm("resources.view")
def partner_detail(request, authority_slug: str, partner_id: int):
    partner = get_object_or_404(catalog.partner_detail(request.authority, partner_id))
    extra = catalog.partner_page(partner)
    record_personal_read(object_type="resources.partnercontact", ids=[c.pk for c in extra["contacts"]])
    can_edit = request.user.has_perm("resources.edit", partner)
    resources_base, kinds = url(request, "resource_list"), dict(Resource.Kind.choices)
    context = {"partner": partner, **extra, "can_edit": can_edit,
               "agreement_rows": [(a.title, day(a.signed_on), a.get_status_display(), a.document)
                                  for a in extra["agreements"]],
               "resource_rows": [(f"{resources_base}{r.pk}/", r.name, str(kinds[r.kind]), r.remaining, r.capacity)
                                 for r in extra["resources"]]}
    return render(request, "resources/partners/detail.html", context)


def _partner_crumbs(request, partner=None) -> list:
    crumbs = [(_("Partnerships and resources"), url(request, "index")), (_("Partners"), url(request, "partner_list"))]
    if partner is not None:
        crumbs.append((partner.name, url(request, "partner_detail", partner_id=partner.pk)))
    return crumbs


def _partner_values(data: dict) -> dict:
    return {name: data[name] for name in ("name", "kind", "registration_number", "status", "fields_of_activity",
                                          "populations_served", "added_value")} | {
        "neighbourhoods": list(data["neighbourhoods"])}


@require_perm("resources.create")
@submit_once
def partner_create(request, authority_slug: str):
    form = PartnerForm(request.POST or None, authority=request.authority)
    return _create(request, form, title=_("New partner"), crumbs=_partner_crumbs(request),
                   cancel=url(request, "partner_list"),
                   make=lambda data: services.create_partner(authority=request.authority, **_partner_values(data)),
                   detail=lambda p: url(request, "partner_detail", partner_id=p.pk))


@require_perm("resources.view")
def partner_edit(request, authority_slug: str, partner_id: int):
    partner = get_object_or_404(catalog.partner_detail(request.authority, partner_id))
    check_perm(request, "resources.edit", partner)
    form = PartnerForm(request.POST or None, authority=request.authority,
                       initial=None if request.method == "POST" else PartnerForm.initial_for(partner))
    return _edit(request, form, partner, title=_("Edit partner"), crumbs=_partner_crumbs(request, partner),
                 done=url(request, "partner_detail", partner_id=partner.pk),
                 save=lambda data: services.update_partner(partner=partner, version=data["version"] or 0,
                                                           **_partner_values(data)),
                 shown=lambda now: {"name": now.name, "kind": now.get_kind_display(),
                                    "registration_number": now.registration_number})


@require_perm("resources.view")
@submit_once
def contact_add(request, authority_slug: str, partner_id: int):
    partner = get_object_or_404(catalog.partner_detail(request.authority, partner_id))
    check_perm(request, "resources.edit", partner)
    return _create(request, ContactForm(request.POST or None), title=_("Add a contact person"),
                   crumbs=_partner_crumbs(request, partner), cancel=url(request, "partner_detail", partner_id=partner.pk),
                   make=lambda data: services.add_partner_contact(partner=partner, **data),
                   detail=lambda _contact: url(request, "partner_detail", partner_id=partner.pk))


@require_perm("resources.view")
@submit_once
def agreement_add(request, authority_slug: str, partner_id: int):
    partner = get_object_or_404(catalog.partner_detail(request.authority, partner_id))
    check_perm(request, "resources.edit", partner)
    return _create(request, AgreementForm(request.POST or None), title=_("Add an agreement"),
                   crumbs=_partner_crumbs(request, partner), cancel=url(request, "partner_detail", partner_id=partner.pk),
                   make=lambda data: services.add_agreement(partner=partner, **data),
                   detail=lambda _agreement: url(request, "partner_detail", partner_id=partner.pk))


# --- resources --------------------------------------------------------------------------------------------

def _stale_days(request) -> int:
    return services.settings_of(request.authority).stale_after_days


@require_perm("resources.view")
def resource_list(request, authority_slug: str):
    family = request.GET.get("family", "")
    family = family if family in Resource.Family.values else ""
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    page = page_of(request, catalog.resources(request.authority, family=family, category=category))
    stale_days = _stale_days(request)
    kinds, categories = dict(Resource.Kind.choices), dict(Category.choices)
    base = url(request, "resource_list")
    rows = [(f"{base}{r.pk}/", r.name, str(kinds[r.kind]), str(categories[r.category]), f"{r.remaining} / {r.capacity}",
             r.neighbourhood.name if r.neighbourhood else "—", r.partner.name if r.partner else "—",
             day(r.verified_on), r.is_stale(stale_days)) for r in page.object_list]
    context = {"page": page, "rows": rows, "family": family, "category": category,
               "families": Resource.Family.choices, "categories": Category.choices,
               "can_create": request.user.has_perm("resources.create", request.authority)}
    return render(request, "resources/resources/list.html", context)


@require_perm("resources.view")
def resource_detail(request, authority_slug: str, resource_id: int):
    resource = get_object_or_404(catalog.resource_detail(request.authority, resource_id))
    allocations = list(resource.allocations.filter(authority=request.authority, released_at__isnull=True)
                       .select_related("need").order_by("-created_at")[:50])
    context = {"resource": resource, "allocations": allocations, "stale": resource.is_stale(_stale_days(request)),
               "can_edit": request.user.has_perm("resources.edit", resource), "verified_on": day(resource.verified_on)}
    return render(request, "resources/resources/detail.html", context)


def _resource_crumbs(request, resource=None) -> list:
    crumbs = [(_("Partnerships and resources"), url(request, "index")), (_("Resources"), url(request, "resource_list"))]
    if resource is not None:
        crumbs.append((resource.name, url(request, "resource_detail", resource_id=resource.pk)))
    return crumbs


RESOURCE_FIELDS = ("name", "kind", "category", "capacity", "quantity", "unit", "availability", "hours", "neighbourhood",
                   "address", "partner", "department", "verified_on", "accessible", "description")


@require_perm("resources.create")
@submit_once
def resource_create(request, authority_slug: str):
    form = ResourceForm(request.POST or None, authority=request.authority)
    return _create(request, form, title=_("New resource"), crumbs=_resource_crumbs(request),
                   cancel=url(request, "resource_list"),
                   make=lambda data: services.create_resource(authority=request.authority,
                                                              **{n: data[n] for n in RESOURCE_FIELDS}),
                   detail=lambda r: url(request, "resource_detail", resource_id=r.pk))


@require_perm("resources.view")
def resource_edit(request, authority_slug: str, resource_id: int):
    resource = get_object_or_404(catalog.resource_detail(request.authority, resource_id))
    check_perm(request, "resources.edit", resource)
    form = ResourceForm(request.POST or None, authority=request.authority,
                        initial=None if request.method == "POST" else ResourceForm.initial_for(resource))
    return _edit(request, form, resource, title=_("Edit resource"), crumbs=_resource_crumbs(request, resource),
                 done=url(request, "resource_detail", resource_id=resource.pk),
                 save=lambda data: services.update_resource(resource=resource, version=data["version"] or 0,
                                                            **{n: data[n] for n in RESOURCE_FIELDS}),
                 shown=lambda now: {"name": now.name, "capacity": now.capacity, "quantity": now.quantity})


@require_POST
@require_perm("resources.view")
def resource_verify(request, authority_slug: str, resource_id: int):
    resource = get_object_or_404(catalog.resource_detail(request.authority, resource_id))
    check_perm(request, "resources.edit", resource)
    services.verify_resource(resource=resource)
    messages.success(request, _("Marked as verified today."))
    return redirect("resources:resource_detail", authority_slug=authority_slug, resource_id=resource.pk)


# --- needs ------------------------------------------------------------------------------------------------

@require_perm("resources.view")
def need_list(request, authority_slug: str):
    status = request.GET.get("status", "")
    status = status if status in Need.Status.values else ""
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    page = page_of(request, catalog.needs(request.authority, status=status, category=category))
    categories, urgencies, statuses = dict(Category.choices), dict(Need.Urgency.choices), dict(Need.Status.choices)
    base = url(request, "need_list")
    rows = [(f"{base}{n.pk}/", n.title, str(categories[n.category]),
             n.neighbourhood.name if n.neighbourhood else (n.population_group or "—"), str(urgencies[n.urgency]),
             n.urgency, f"{n.covered} / {n.quantity}", str(statuses[n.status])) for n in page.object_list]
    context = {"page": page, "rows": rows, "status": status, "category": category,
               "statuses": Need.Status.choices, "categories": Category.choices,
               "can_create": request.user.has_perm("resources.create", request.authority)}
    return render(request, "resources/needs/list.html", context)


@require_perm("resources.view")
def need_detail(request, authority_slug: str, need_id: int):
    need = get_object_or_404(catalog.need_detail(request.authority, need_id))
    can_allocate = request.user.has_perm("resources.allocate", need)
    open_need = need.status in (Need.Status.OPEN, Need.Status.PARTLY)
    suggested = list(suggestions(need, stale_after_days=_stale_days(request))) if open_need else []
    context = {"need": need, "allocations": catalog.allocations_of_need(need), "suggested": suggested,
               "can_allocate": can_allocate and open_need, "can_edit": request.user.has_perm("resources.edit", need)}
    return render(request, "resources/needs/detail.html", context)


def _need_crumbs(request, need=None) -> list:
    crumbs = [(_("Partnerships and resources"), url(request, "index")), (_("Needs"), url(request, "need_list"))]
    if need is not None:
        crumbs.append((need.title, url(request, "need_detail", need_id=need.pk)))
    return crumbs


NEED_FIELDS = ("title", "category", "quantity", "unit", "neighbourhood", "population_group", "urgency", "source",
               "emergency", "description")


@require_perm("resources.create")
@submit_once
def need_create(request, authority_slug: str):
    form = NeedForm(request.POST or None, authority=request.authority)
    return _create(request, form, title=_("New need"), crumbs=_need_crumbs(request), cancel=url(request, "need_list"),
                   make=lambda data: services.create_need(authority=request.authority,
                                                          **{n: data[n] for n in NEED_FIELDS}),
                   detail=lambda n: url(request, "need_detail", need_id=n.pk))


@require_perm("resources.view")
def need_edit(request, authority_slug: str, need_id: int):
    need = get_object_or_404(catalog.need_detail(request.authority, need_id))
    check_perm(request, "resources.edit", need)
    initial = None if request.method == "POST" else {**NeedForm.initial_for(need),
                                                      "closed": need.status == Need.Status.CLOSED}
    form = NeedEditForm(request.POST or None, authority=request.authority, initial=initial)
    return _edit(request, form, need, title=_("Edit need"), crumbs=_need_crumbs(request, need),
                 done=url(request, "need_detail", need_id=need.pk),
                 save=lambda data: services.update_need(need=need, version=data["version"] or 0,
                                                        closed=data["closed"], **{n: data[n] for n in NEED_FIELDS}),
                 shown=lambda now: {"title": now.title, "quantity": now.quantity})


@require_POST
@require_perm("resources.view")
def allocate(request, authority_slug: str, need_id: int):
    need = get_object_or_404(catalog.need_detail(request.authority, need_id))
    check_perm(request, "resources.allocate", need)
    form = AllocateForm(request.POST)
    back = redirect("resources:need_detail", authority_slug=authority_slug, need_id=need.pk)
    if not form.is_valid():
        messages.error(request, _("Enter a quantity of at least 1."))
        return back
    resource = get_object_or_404(catalog.resource_detail(request.authority, form.cleaned_data["resource"]))
    try:
        services.allocate_resource(need=need, resource=resource, quantity=form.cleaned_data["quantity"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Allocated."))
    return back


@require_POST
@require_perm("resources.view")
def release(request, authority_slug: str, allocation_id: int):
    allocation = get_object_or_404(catalog.allocation_detail(request.authority, allocation_id))
    check_perm(request, "resources.allocate", allocation)
    services.release_allocation(allocation=allocation)
    messages.success(request, _("The allocation was released."))
    return redirect("resources:need_detail", authority_slug=authority_slug, need_id=allocation.need_id)


# --- responses --------------------------------------------------------------------------------------------

@require_perm("resources.view")
def response_list(request, authority_slug: str):
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    page = page_of(request, catalog.responses(request.authority, category=category))
    categories = dict(Category.choices)
    base = url(request, "response_list")
    rows = [(f"{base}{r.pk}/edit/", r.name, str(categories[r.category]),
             r.partner.name if r.partner else (str(r.department.name) if r.department else "—"),
             r.for_whom or "—", r.neighbourhood.name if r.neighbourhood else "—", r.capacity)
            for r in page.object_list]
    context = {"page": page, "rows": rows, "category": category, "categories": Category.choices,
               "can_create": request.user.has_perm("resources.create", request.authority),
               "can_edit": request.user.has_perm("resources.edit", request.authority)}
    return render(request, "resources/responses/list.html", context)


def _response_crumbs(request) -> list:
    return [(_("Partnerships and resources"), url(request, "index")), (_("Responses"), url(request, "response_list"))]


RESPONSE_FIELDS = ("name", "category", "partner", "department", "for_whom", "neighbourhood", "capacity", "description")


@require_perm("resources.create")
@submit_once
def response_create(request, authority_slug: str):
    form = ResponseForm(request.POST or None, authority=request.authority)
    return _create(request, form, title=_("New response"), crumbs=_response_crumbs(request),
                   cancel=url(request, "response_list"),
                   make=lambda data: services.create_response(authority=request.authority,
                                                              **{n: data[n] for n in RESPONSE_FIELDS}),
                   detail=lambda r: url(request, "response_list"))


@require_perm("resources.view")
def response_edit(request, authority_slug: str, response_id: int):
    response = get_object_or_404(catalog.response_detail(request.authority, response_id))
    check_perm(request, "resources.edit", response)
    form = ResponseForm(request.POST or None, authority=request.authority,
                        initial=None if request.method == "POST" else ResponseForm.initial_for(response))
    return _edit(request, form, response, title=_("Edit response"), crumbs=_response_crumbs(request),
                 done=url(request, "response_list"),
                 save=lambda data: services.update_response(response=response, version=data["version"] or 0,
                                                            **{n: data[n] for n in RESPONSE_FIELDS}),
                 shown=lambda now: {"name": now.name, "capacity": now.capacity})


# --- neighbourhoods ---------------------------------------------------------------------------------------

@require_perm("resources.view")
def neighbourhood_list(request, authority_slug: str):
    form = NeighbourhoodForm(request.POST or None)
    if request.method == "POST":
        check_perm(request, "resources.manage")
        if form.is_valid() and run(form, lambda: services.create_neighbourhood(
                authority=request.authority, name=form.cleaned_data["name"])) is not NO_RESULT:
            messages.success(request, _("The neighbourhood was added."))
            return redirect("resources:neighbourhood_list", authority_slug=authority_slug)
    context = {"neighbourhoods": list(catalog.neighbourhoods(request.authority)), "form": form,
               "can_manage": request.user.has_perm("resources.manage", request.authority)}
    return render(request, "resources/neighbourhoods.html", context, status=400 if form.errors else 200)
