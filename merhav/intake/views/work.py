"""Exports, long-term services and each department's worklist, and the coordinator's duplicates."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merhav.audit.services import Action, personal_rows_shown, record, record_personal_read
from merhav.core.permissions import check_perm, deny, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from .. import exports, selectors
from ..access import visible_sections
from ..forms import MergeForm, OpenServiceForm, ServiceForm, WorklistFilterForm
from ..models import SERVICE_SECTION, Person
from ..services import duplicates as duplicate_services
from ..services import long_term as service_services
from .people import CONFLICT_MESSAGE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 100_000
PAGE_SIZE = 50


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_perm("intake.view")
def export(request, authority_slug: str):
    """The reader's departments' export: the core and their own sections, nothing else."""
    authority = request.authority
    sections = visible_sections(request.user, authority)
    people = list(selectors.persons(authority).order_by("household_id", "id")[:EXPORT_LIMIT])
    fields = selectors.current_fields(authority, sections)
    answers = selectors.answers_by_person(authority, [p.pk for p in people], sections)
    book = exports.department_export(people, fields, answers)  # first: a failed export (a full disk) is not audited
    record_personal_read(object_type="intake.person", ids=[p.pk for p in people])
    record(action=Action.EXPORT, authority=authority, object_type="intake.person", fields=list(sections))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _xlsx(book, f"evacuees-{stamp}.xlsx")


@require_perm("intake.coordinate")
def subject_access(request, authority_slug: str, person_id: int):
    """Everything kept about one person, for them (their right of access); audited as a read and an export."""
    authority = request.authority
    found = get_object_or_404(selectors.person_detail(authority, person_id))
    sections = visible_sections(request.user, authority)
    report = exports.subject_access_report(found, selectors.sections_of_person(authority, found, sections),
                                           selectors.services_of_person(authority, found, sections))
    record_personal_read(object_type="intake.person", ids=[found.pk])
    record(action=Action.EXPORT, obj=found, fields=["subject_access"])
    return _xlsx(report, f"record-{found.pk}.xlsx")


@require_perm("intake.view")
def worklist(request, authority_slug: str):
    authority = request.authority
    sections = visible_sections(request.user, authority)
    form = WorklistFilterForm(request.GET or None, initial={"status": "open"})
    status, kind = "open", ""
    if form.is_bound and form.is_valid():
        status, kind = form.cleaned_data["status"], form.cleaned_data["kind"]
    page = Paginator(selectors.worklist(authority, sections, status=status, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page"))
    personal_rows_shown(page.object_list, person="person")
    stalled_before = timezone.now() - timedelta(days=service_services.STALLED_DAYS)
    return render(request, "intake/worklist.html", {"page": page, "form": form, "stalled_before": stalled_before})


@require_perm("intake.view")
@submit_once
def open_service(request, authority_slug: str, person_id: int):
    authority = request.authority
    found = get_object_or_404(selectors.person_detail(authority, person_id))
    check_perm(request, "intake.edit", found)
    sections = visible_sections(request.user, authority)
    kinds = [kind for kind, section in SERVICE_SECTION.items() if section in sections]
    if not kinds:
        deny(request, "intake.edit_section", found)
    form = OpenServiceForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                service = service_services.open_service(person=found, kind=data["kind"], values=data)
                claim.lands_on(reverse("intake:service", kwargs={"authority_slug": authority_slug,
                                                                 "service_id": service.pk}))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The service was opened."))
            return redirect(claim.url)
    return render(request, "intake/service_open.html", {"form": form, "person": found, "household": found.household},
                  status=400 if form.errors else 200)


@require_perm("intake.view")
def service(request, authority_slug: str, service_id: int):
    authority = request.authority
    found = get_object_or_404(selectors.service_detail(authority, service_id))
    check_perm(request, "intake.view_section", (found, found.section))
    can_edit = request.user.has_perm("intake.edit_section", (found, found.section))
    conflict = None
    if request.method == "POST":
        check_perm(request, "intake.edit_section", (found, found.section))
        form = ServiceForm(request.POST)
        if form.is_valid():
            try:
                service_services.update_service(service=found, version=form.cleaned_data["version"] or 0,
                                                values=form.cleaned_data)
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=str(CONFLICT_MESSAGE), fields={
                    "status": now.get_status_display(), "due_on": now.due_on, "notes": now.notes})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("intake:service", authority_slug=authority_slug, service_id=found.pk)
    else:
        form = ServiceForm(initial=ServiceForm.initial_for(found))
    record_personal_read(object_type="intake.person", ids=[found.person_id])
    return render(request, "intake/service.html", {"service": found, "form": form, "can_edit": can_edit,
                                                   "conflict": conflict, "person": found.person},
                  status=CONFLICT if conflict else 400 if form.errors else 200)


@require_perm("intake.coordinate")
def duplicates(request, authority_slug: str):
    page = Paginator(selectors.likely_duplicates(request.authority), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    record_personal_read(object_type="intake.person",
                         ids=[p.pk for p in shown] + [p.possible_duplicate_of_id for p in shown])
    return render(request, "intake/duplicates.html", {"page": page})


@require_perm("intake.coordinate")
def merge(request, authority_slug: str, person_id: int):
    authority = request.authority
    flagged = get_object_or_404(selectors.likely_duplicates(authority), pk=person_id)
    other = flagged.possible_duplicate_of
    pair = [other, flagged]
    form = MergeForm(request.POST or None, pair=pair, initial={"keep": str(other.pk)})
    if request.method == "POST" and form.is_valid():
        keep_id = int(form.cleaned_data["keep"])
        keep, drop = (other, flagged) if keep_id == other.pk else (flagged, other)
        try:
            kept = duplicate_services.merge_persons(keep=keep, other=drop)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The two records were merged; every answer was kept."))
            return redirect("intake:person", authority_slug=authority_slug, person_id=kept.pk)
    sections = visible_sections(request.user, authority)
    record_personal_read(object_type="intake.person", ids=[p.pk for p in pair])
    return render(request, "intake/merge.html", {
        "form": form, "pair": [(p, selectors.sections_of_person(authority, p, sections)) for p in pair],
        "flagged": flagged,
    }, status=400 if form.errors else 200)


@require_POST
@require_perm("intake.coordinate")
def dismiss_duplicate(request, authority_slug: str, person_id: int):
    flagged: Person = get_object_or_404(selectors.likely_duplicates(request.authority), pk=person_id)
    duplicate_services.dismiss_duplicate(person=flagged)
    messages.success(request, _("Marked as two different people."))
    return redirect("intake:duplicates", authority_slug=authority_slug)
