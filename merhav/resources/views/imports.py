"""Importing partners, resources or needs from an .xlsx or .csv: upload → read by the worker → map the
columns → checked by the worker (a progress bar) → preview with every bad row and its line number →
confirm → applied by the worker in one transaction, or nothing. The waiting page shows the progress bar and
a "check again" link; it does not refresh itself (WCAG 2.2.1, as the intake import)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from merhav.core.permissions import require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.ui.forms import add_service_errors

from .. import imports, services
from ..forms import ImportUploadForm, MappingForm
from ..models import ResourceImport
from .common import url

PREVIEW_PROBLEMS = 500


@require_perm("resources.manage")
@submit_once
def import_upload(request, authority_slug: str):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        uploaded.seek(0)
        try:
            with claim_submission(request) as claim:
                stored = services.store_import(authority=request.authority, target=form.cleaned_data["target"],
                                               content=uploaded.read(), file_name=uploaded.name)
                claim.lands_on(url(request, "import_status", import_token=stored.token))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(claim.url)
    recent = list(ResourceImport.objects.filter(authority=request.authority, created_by=request.user)
                  .only("token", "file_name", "status", "target", "created_at")[:5])
    context = {"form": form, "recent": recent, "max_rows": imports.MAX_ROWS, "targets": ResourceImport.Target.choices,
               "fields": [(label, [(c.label, c.required) for c in imports.FIELDS[code]])
                          for code, label in ResourceImport.Target.choices]}
    return render(request, "resources/imports/upload.html", context, status=400 if form.errors else 200)


@require_perm("resources.manage")
def import_template(request, authority_slug: str):
    target = request.GET.get("target", "")
    if target not in ResourceImport.Target.values:
        target = ResourceImport.Target.PARTNERS
    response = HttpResponse(imports.template_csv(target), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="merhav-{target}.csv"'
    return response


@require_perm("resources.manage")
def import_status(request, authority_slug: str, import_token: str):
    stored = get_object_or_404(ResourceImport.objects.filter(authority=request.authority, created_by=request.user),
                               token=import_token)
    Status = ResourceImport.Status
    context = {"stored": stored}
    if stored.status == Status.MAPPING or (stored.status == Status.READY and request.GET.get("remap")):
        form = MappingForm(request.POST or None, stored=stored)
        if request.method == "POST" and form.is_valid():
            try:
                services.set_import_mapping(stored=stored, mapping=form.mapping())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("resources:import_status", authority_slug=authority_slug, import_token=stored.token)
        sample = stored.rows[:5]
        context.update(form=form, sample=sample)
        return render(request, "resources/imports/mapping.html", context, status=400 if form.errors else 200)
    if stored.status == Status.READY:
        if request.method == "POST":
            try:
                services.confirm_import(stored=stored)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("resources:import_status", authority_slug=authority_slug, import_token=stored.token)
        problems = [(line, [imports.problem_text(stored.target, code, params) for code, params in found])
                    for line, found in stored.problems[:PREVIEW_PROBLEMS]]
        context.update(problems=problems, more_problems=max(0, len(stored.problems) - PREVIEW_PROBLEMS),
                       counts=stored.counts, bad=len(stored.problems))
        return render(request, "resources/imports/preview.html", context)
    if stored.status == Status.FAILED:
        context["error"] = imports.error_text(stored.error_code, stored.error_params)
        return render(request, "resources/imports/failed.html", context)
    if stored.status == Status.APPLIED:
        messages.success(request, _("The sheet was applied: %(create)d added, %(update)d updated, %(unchanged)d "
                                    "unchanged.") % {k: stored.counts.get(k, 0)
                                                     for k in ("create", "update", "unchanged")})
        target = {"partners": "partner_list", "resources": "resource_list", "needs": "need_list"}[stored.target]
        return redirect(url(request, target))
    if request.method == "POST":
        return redirect("resources:import_status", authority_slug=authority_slug, import_token=stored.token)
    return render(request, "resources/imports/waiting.html", context)
