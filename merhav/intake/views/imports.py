"""Bulk import of evacuee lists: upload, the worker's progress, the column mapping and the preview (bad
rows with their line numbers), the confirmation. Only the intake coordinator imports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merhav.core.permissions import require_perm
from merhav.ui.forms import add_service_errors

from .. import importing
from ..forms import ImportUploadForm, MappingForm
from ..models import ImportBatch
from ..services import imports as services

WORKING = (ImportBatch.Status.READING, ImportBatch.Status.CHECKING, ImportBatch.Status.APPLYING)


@require_perm("intake.coordinate")
def upload(request, authority_slug: str):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > importing.MAX_FILE_BYTES:
            form.add_error("file", _("The file is too large. The limit is %(mb)s MB.") % {
                "mb": importing.MAX_FILE_BYTES // (1024 * 1024)})
        else:
            try:
                batch = services.store_import(authority=request.authority, content=uploaded.read())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("intake:import_batch", authority_slug=authority_slug, batch_id=batch.pk)
    recent = ImportBatch.objects.filter(authority=request.authority).order_by("-created_at")[:10]
    return render(request, "intake/import_upload.html", {"form": form, "recent": recent},
                  status=400 if form.errors else 200)


@require_perm("intake.coordinate")
def batch(request, authority_slug: str, batch_id: int):
    found = get_object_or_404(ImportBatch.objects.filter(authority=request.authority).defer("rows", "upload"),
                              pk=batch_id)
    form = None
    if found.status == ImportBatch.Status.READY:
        form = MappingForm(request.POST or None, headers=found.headers, mapping=found.mapping)
        if request.method == "POST" and form.is_valid():
            try:
                services.set_mapping(batch=found, mapping=form.mapping())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("intake:import_batch", authority_slug=authority_slug, batch_id=found.pk)
    bad_rows = [{"line": row["line"], "messages": [importing.row_error_text(code, params)
                                                    for code, params in row["errors"]]} for row in found.bad_rows]
    return render(request, "intake/import_batch.html", {
        "batch": found, "form": form, "working": found.status in WORKING, "bad_rows": bad_rows,
        "error": importing.sheet_error_text(found.error_code, found.error_params) if found.error_code else "",
    }, status=400 if form is not None and form.errors else 200)


@require_POST
@require_perm("intake.coordinate")
def confirm(request, authority_slug: str, batch_id: int):
    found = get_object_or_404(ImportBatch.objects.filter(authority=request.authority).defer("rows", "upload"),
                              pk=batch_id)
    try:
        services.confirm_import(batch=found)
    except ValidationError:
        messages.error(request, _("This import can no longer be changed."))
    else:
        messages.success(request, _("The import has started. This page shows its progress."))
    return redirect("intake:import_batch", authority_slug=authority_slug, batch_id=found.pk)
