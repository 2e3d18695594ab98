"""Background work of the resources module: reading, checking and applying imported sheets (never in a
web process: a hostile or large file costs the worker, within the reader's bounds)."""

from __future__ import annotations

from django.db import transaction
from django_scopes import scopes_disabled

from merhav.core.spreadsheets import SpreadsheetError
from merhav.core.tasks import retrying_task

from . import imports
from .importing import apply_checked, stored_problems
from .models import ResourceImport


@retrying_task(max_attempts=3, base_delay=30)
def read_resources_import(*, import_id: int) -> str:
    """Read the uploaded file into its header and raw rows; guess the column mapping from the header."""
    with transaction.atomic(), scopes_disabled():
        stored = ResourceImport.objects.select_for_update().filter(
            pk=import_id, status=ResourceImport.Status.READING).first()
        if stored is None:
            return "skipped"
        try:
            headers, rows = imports.read_file(stored.file_name, bytes(stored.upload or b""))
        except SpreadsheetError as error:
            stored.status = ResourceImport.Status.FAILED
            stored.error_code, stored.error_params = error.code, error.params
        else:
            stored.headers, stored.rows, stored.total = headers, rows, len(rows)
            stored.mapping = imports.guess_mapping(stored.target, headers)
            stored.status = ResourceImport.Status.MAPPING
        stored.upload = None
        stored.save(update_fields=["headers", "rows", "total", "mapping", "status", "error_code", "error_params",
                                   "upload"])
    return stored.status


@retrying_task(max_attempts=3, base_delay=30)
def check_resources_import(*, import_id: int) -> str:
    """Check every mapped row against the authority's data; the page shows the progress, then the preview."""
    with scopes_disabled():
        stored = ResourceImport.objects.select_related("authority").filter(
            pk=import_id, status=ResourceImport.Status.CHECKING).first()
    if stored is None:
        return "skipped"

    def progress(done: int) -> None:
        with scopes_disabled():
            ResourceImport.objects.filter(pk=import_id).update(done=done)

    rows = imports.check_rows(authority=stored.authority, target=stored.target, rows=stored.rows,
                              mapping=stored.mapping, progress=progress)
    with scopes_disabled():
        ResourceImport.objects.filter(pk=import_id, status=ResourceImport.Status.CHECKING).update(
            status=ResourceImport.Status.READY, problems=stored_problems(rows), counts=imports.summary(rows),
            done=len(rows))
    return "ready"


@retrying_task(max_attempts=3, base_delay=30)
def apply_resources_import(*, import_id: int) -> str:
    with scopes_disabled():
        stored = ResourceImport.objects.select_related("authority", "created_by").filter(pk=import_id).first()
    if stored is None:
        return "skipped"
    apply_checked(stored=stored)
    return "applied"
