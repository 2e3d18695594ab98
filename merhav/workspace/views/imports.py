"""Importing people from an Excel sheet: upload → checked by the worker → preview of every row → confirm.

The upload is kept on the server (PeopleImport, scoped to the authority and the uploader) under a random
token; the browser only ever sends that token back. The worker reads the file (merhav.core.spreadsheets,
bounded against hostile files) while the page says it is being checked. Confirming checks the rows again
against the database and applies them all in one transaction, or nothing.
"""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from merhav.audit.services import record_personal_read
from merhav.core.permissions import require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.tenancy import people_import, services
from merhav.tenancy.models import Department, PeopleImport
from merhav.tenancy.tasks import PEOPLE_IMPORT_HOURS
from merhav.workspace.forms import PeopleImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_perm("tenancy.manage_people")
@submit_once
def upload(request, authority_slug: str):
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        uploaded.seek(0)
        with claim_submission(request) as claim:
            stored = services.store_people_import(authority=request.authority, content=uploaded.read(),
                                                  file_name=uploaded.name, by=request.user)
            claim.lands_on(reverse("tenancy:people_import_preview",
                                   kwargs={"authority_slug": authority_slug, "token": stored.token}))
        return redirect(claim.url)
    return _upload_page(request, form)


def _upload_page(request, form):
    return render(request, "tenancy/people_import.html", {"form": form, "max_rows": people_import.MAX_ROWS})


@require_perm("tenancy.manage_people")
def template(request, authority_slug: str):
    departments = list(Department.objects.filter(authority=request.authority).order_by("kind", "custom_name"))
    response = HttpResponse(people_import.build_template(departments), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="merhav-people-template.xlsx"'
    return response


def _stored_import(request, token: str) -> PeopleImport:
    stored = get_object_or_404(
        PeopleImport.objects.select_related("authority"), token=token, created_by=request.user
    )
    if stored.created_at < timezone.now() - timedelta(hours=PEOPLE_IMPORT_HOURS) and stored.applied_at is None:
        raise Http404("The upload has expired.")
    return stored


@require_perm("tenancy.manage_people")
def preview(request, authority_slug: str, token: str):
    stored = _stored_import(request, token)
    if stored.applied_at is not None:
        messages.info(request, _("This sheet was already applied."))
        return redirect("tenancy:people", authority_slug=authority_slug)
    if stored.status == PeopleImport.Status.CHECKING:
        if request.method == "POST":
            return redirect("tenancy:people_import_preview", authority_slug=authority_slug, token=token)
        return render(request, "tenancy/people_import_checking.html", {"stored": stored})
    if stored.status == PeopleImport.Status.FAILED:
        # The upload page again, with why the file could not be read next to the field.
        form = PeopleImportForm(data={}, files={})
        form.errors["file"] = form.error_class([people_import.sheet_error_text(stored.error_code,
                                                                               stored.error_params)])
        return _upload_page(request, form)
    if request.method == "POST":
        try:
            counts = services.apply_people_import(people_import=stored, by=request.user)
        except services.ImportHasErrors as failed:
            messages.error(request, _("Nothing was applied: some rows have errors (they may have appeared since "
                                      "the preview). Fix them in the sheet and upload it again."))
            rows = failed.rows
        except (services.MembershipRuleError, services.InvitationError) as error:
            messages.error(request, _("Nothing was applied: %(reason)s") % {"reason": error})
            rows = people_import.check_rows(authority=request.authority, raw_rows=stored.rows)
        else:
            messages.success(request, _("The sheet was applied: %(invited)d invited, %(updated)d updated.") % counts)
            return redirect("tenancy:people", authority_slug=authority_slug)
    else:
        rows = people_import.check_rows(authority=request.authority, raw_rows=stored.rows)
    # The preview shows the sheet's people; those who are already members are records of this authority.
    record_personal_read(object_type="accounts.user",
                         ids=[row.membership.user_id for row in rows if row.membership is not None])
    context = {"stored": stored, "rows": rows, "summary": people_import.summary(rows)}
    return render(request, "tenancy/people_import_preview.html", context)
