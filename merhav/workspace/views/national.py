"""National administration: authorities and regions. Not about one authority, so no scope is active."""

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from merhav.core.permissions import require_global_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.tenancy import services
from merhav.tenancy.models import Authority, Region
from merhav.ui import services as ui_services
from merhav.ui.selectors import accessibility_statement
from merhav.workspace.forms import AccessibilityStatementForm, AuthorityForm, RegionForm

PAGE_SIZE = 50


@require_global_perm("tenancy.manage_authorities")
def authorities(request):
    rows = Authority.objects.select_related("region").order_by("name_he", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tenancy/national/authorities.html", {"page": page, "authorities": page.object_list})


@require_global_perm("tenancy.manage_authorities")
@submit_once
def authority_create(request):
    form = AuthorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with claim_submission(request) as claim:
            authority = services.create_authority(**form.values(), by=request.user)
            claim.lands_on(reverse("national:authority_edit", kwargs={"authority_id": authority.pk}))
        messages.success(request, _("The authority was created with the standard departments."))
        return redirect(claim.url)
    return render(request, "tenancy/national/authority_form.html", {"form": form, "authority": None})


@require_global_perm("tenancy.manage_authorities")
def authority_edit(request, authority_id: int):
    authority = get_object_or_404(Authority, pk=authority_id)
    # The form validates on a copy: the service compares the submitted values with the saved ones.
    form = AuthorityForm(request.POST or None, instance=copy.copy(authority))
    if request.method == "POST" and form.is_valid():
        changed = services.update_authority(authority=authority, by=request.user, **form.values())
        messages.success(request, _("The authority was saved.") if changed else _("Nothing was changed."))
        return redirect("national:authorities")
    return render(request, "tenancy/national/authority_form.html", {"form": form, "authority": authority})


@require_global_perm("tenancy.manage_authorities")
def regions(request):
    rows = Region.objects.annotate(authority_count=Count("authorities")).order_by("name_he", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tenancy/national/regions.html", {"page": page})


@require_global_perm("tenancy.manage_authorities")
@submit_once
def region_create(request):
    form = RegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with claim_submission(request) as claim:
            services.create_region(**form.values(), by=request.user)
            claim.lands_on(reverse("national:regions"))
        messages.success(request, _("The region was created."))
        return redirect(claim.url)
    return render(request, "tenancy/national/region_form.html", {"form": form, "region": None})


@require_global_perm("tenancy.manage_authorities")
def region_edit(request, region_id: int):
    region = get_object_or_404(Region, pk=region_id)
    form = RegionForm(request.POST or None, instance=copy.copy(region))
    if request.method == "POST" and form.is_valid():
        changed = services.update_region(region=region, by=request.user, **form.values())
        messages.success(request, _("The region was saved.") if changed else _("Nothing was changed."))
        return redirect("national:regions")
    return render(request, "tenancy/national/region_form.html", {"form": form, "region": region})


@require_global_perm("tenancy.manage_authorities")
def accessibility_edit(request):
    """The coordinator's contact and the date of the last review, shown on the public accessibility statement."""
    statement = accessibility_statement()
    form = AccessibilityStatementForm(request.POST or None, initial=AccessibilityStatementForm.initial_for(statement))
    if request.method == "POST" and form.is_valid():
        changed = ui_services.update_accessibility_statement(**form.cleaned_data)
        messages.success(request, _("The accessibility statement was saved.") if changed else _("Nothing was changed."))
        return redirect("ui:accessibility")
    return render(request, "tenancy/national/accessibility_form.html", {"form": form})
