"""Taking a family in, finding a person, and the records of households and people."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from merhav.audit.services import personal_rows_shown, record_personal_read
from merhav.core.permissions import check_perm, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from .. import selectors
from ..access import visible_sections
from ..forms import (
    PERSON_ERROR_FIELDS,
    HouseholdForm,
    PersonForm,
    SearchForm,
    TakeInForm,
    section_answers,
    section_form_class,
    section_initial,
)
from ..models import SERVICE_SECTION, Person, SectionKey
from ..services import households as services
from ..services.households import DuplicateIdNumber

PAGE_SIZE = 25
CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved a change here while you were editing. What is saved now is shown above the form; the "
    "form still holds your changes. Check them and save again to replace the saved version with yours.")


def _url(name: str, request, **kwargs) -> str:
    return reverse(f"intake:{name}", kwargs={"authority_slug": request.authority.slug, **kwargs})


def _service_errors(form, error: ValidationError) -> None:
    renamed = ValidationError({PERSON_ERROR_FIELDS.get(name, name): messages_
                               for name, messages_ in error.message_dict.items()
                               if PERSON_ERROR_FIELDS.get(name, name) in form.fields or name == "__all__"})
    add_service_errors(form, renamed)


def _common(request) -> dict:
    user, authority = request.user, request.authority
    return {
        "sections": [(key, SectionKey(key).label) for key in visible_sections(user, authority)],
        "is_coordinator": user.has_perm("intake.coordinate", authority),
        "can_create": user.has_perm("intake.create", authority),
        "can_configure": user.has_perm("intake.configure", authority),
    }


@require_perm("intake.view_summary")
def index(request, authority_slug: str):
    authority = request.authority
    if not request.user.has_perm("intake.view", authority):
        # The CEO and the admin: the counts only, no household.
        return render(request, "intake/index.html", {"summary": selectors.intake_summary(authority),
                                                     "page": None, **_common(request)})
    page = Paginator(selectors.households(authority), PAGE_SIZE).get_page(request.GET.get("page"))
    personal_rows_shown(page.object_list)
    return render(request, "intake/index.html", {
        "page": page, "summary": selectors.intake_summary(authority), "search_form": SearchForm(),
        **_common(request),
    })


@require_perm("intake.view")
def search(request, authority_slug: str):
    """Searches are POSTed: an ID number or a name never reaches an address, a log line or a history."""
    form = SearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = personal_rows_shown(selectors.search_persons(request.authority, form.cleaned_data["query"]))
    return render(request, "intake/search.html", {"form": form, "results": results, **_common(request)},
                  status=400 if form.errors else 200)


@require_perm("intake.create")
@submit_once
def take_in(request, authority_slug: str):
    form = TakeInForm(request.POST or None, initial={"relation": Person.Relation.HEAD})
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                household = services.create_household(authority=request.authority, household=form.household_values(),
                                                      head=form.person_values())
                claim.lands_on(_url("household", request, household_id=household.pk))
        except DuplicateIdNumber as duplicate:
            existing = duplicate.existing
            _service_errors(form, duplicate)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The family was taken in."))
            return redirect(claim.url)
    return render(request, "intake/take_in.html", {"form": form, "existing": existing, **_common(request)},
                  status=400 if form.errors else 200)


@require_perm("intake.view")
def household(request, authority_slug: str, household_id: int):
    authority = request.authority
    found = get_object_or_404(selectors.household_detail(authority, household_id))
    members = selectors.members_of(authority, found)
    record_personal_read(object_type="intake.person", ids=[p.pk for p in members])
    return render(request, "intake/household.html", {
        "household": found, "members": members, "can_edit": request.user.has_perm("intake.edit", found),
        **_common(request),
    })


@require_perm("intake.view")
def household_edit(request, authority_slug: str, household_id: int):
    found = get_object_or_404(selectors.household_detail(request.authority, household_id))
    check_perm(request, "intake.edit", found)
    conflict = None
    if request.method == "POST":
        form = HouseholdForm(request.POST)
        if form.is_valid():
            try:
                services.update_household(household=found, version=form.cleaned_data["version"] or 0,
                                          values=form.household_values())
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=str(CONFLICT_MESSAGE), fields={
                    "origin_locality": now.origin_locality, "accommodation": now.get_accommodation_display(),
                    "accommodation_details": now.accommodation_details, "phone": now.phone, "email": now.email,
                    "needs": now.needs})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(_url("household", request, household_id=found.pk))
    else:
        record_personal_read(object_type="intake.household", ids=[found.pk])
        form = HouseholdForm(initial=HouseholdForm.initial_for(found))
    return render(request, "intake/household_form.html", {"form": form, "household": found, "conflict": conflict},
                  status=CONFLICT if conflict else 400 if form.errors else 200)


@require_perm("intake.view")
@submit_once
def add_person(request, authority_slug: str, household_id: int):
    found = get_object_or_404(selectors.household_detail(request.authority, household_id))
    check_perm(request, "intake.edit", found)
    form = PersonForm(request.POST or None, initial={"relation": Person.Relation.CHILD})
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                person = services.add_person(household=found, person=form.person_values())
                claim.lands_on(_url("person", request, person_id=person.pk))
        except DuplicateIdNumber as duplicate:
            existing = duplicate.existing
            _service_errors(form, duplicate)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The person was added to the household."))
            return redirect(claim.url)
    return render(request, "intake/person_form.html", {"form": form, "household": found, "person": None,
                                                       "existing": existing, "conflict": None},
                  status=400 if form.errors else 200)


@require_perm("intake.view")
def person(request, authority_slug: str, person_id: int):
    authority, user = request.authority, request.user
    found = get_object_or_404(selectors.person_detail(authority, person_id))
    sections = visible_sections(user, authority)
    shown_sections = selectors.sections_of_person(authority, found, sections)
    services_ = selectors.services_of_person(authority, found, sections)
    record_personal_read(object_type="intake.person", ids=[found.pk])
    kinds = [kind for kind, section in SERVICE_SECTION.items() if section in sections]
    return render(request, "intake/person.html", {
        "person": found, "household": found.household, "person_sections": shown_sections, "services": services_,
        "can_edit": user.has_perm("intake.edit", found),
        "can_open_service": bool(kinds) and user.has_perm("intake.edit", found),
        "editable_sections": {key for key in sections if user.has_perm("intake.edit_section", (found, key))},
        **_common(request),
    })


@require_perm("intake.view")
def person_edit(request, authority_slug: str, person_id: int):
    """Correct a person's core details (the right to correction is exercised here too)."""
    found = get_object_or_404(selectors.person_detail(request.authority, person_id))
    check_perm(request, "intake.edit", found)
    conflict, existing = None, None
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                services.update_person(person=found, version=form.cleaned_data["version"] or 0,
                                       values=form.person_values())
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=str(CONFLICT_MESSAGE), fields={
                    "id_number": now.id_number, "first_name": now.first_name, "last_name": now.last_name,
                    "birth_date": now.birth_date, "relation": now.get_relation_display(), "person_phone": now.phone})
            except DuplicateIdNumber as duplicate:
                existing = duplicate.existing
                _service_errors(form, duplicate)
            except ValidationError as error:
                _service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(_url("person", request, person_id=found.pk))
    else:
        record_personal_read(object_type="intake.person", ids=[found.pk])
        form = PersonForm(initial=PersonForm.initial_for(found))
    return render(request, "intake/person_form.html", {"form": form, "household": found.household, "person": found,
                                                       "existing": existing, "conflict": conflict},
                  status=CONFLICT if conflict else 400 if form.errors else 200)


def section_or_404(section: str) -> str:
    if section not in SectionKey.values:
        raise Http404
    return section


@require_perm("intake.view")
def section_edit(request, authority_slug: str, person_id: int, section: str):
    """One department's section of one person. Another department's section is refused (403), whatever
    the address says."""
    section = section_or_404(section)
    authority = request.authority
    found = get_object_or_404(selectors.person_detail(authority, person_id))
    check_perm(request, "intake.edit_section", (found, section))
    fields = selectors.current_fields(authority, [section])[section]
    form_class = section_form_class(fields)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                services.save_section(person=found, section=section, answers=section_answers(form))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(_url("person", request, person_id=found.pk))
    else:
        record_personal_read(object_type="intake.person", ids=[found.pk])
        form = form_class(initial=section_initial(fields, selectors.current_answers(authority, found, section)))
    return render(request, "intake/section_form.html", {
        "form": form, "person": found, "household": found.household, "section_key": section,
        "section_label": SectionKey(section).label,
    }, status=400 if form.errors else 200)

