"""The questionnaire's configuration: each section's owner department and its questions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from merhav.core.permissions import require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.ui.forms import add_service_errors

from ..access import section_owners
from ..forms import FieldForm, RetentionForm, SectionOwnersForm
from ..models import SectionField, SectionKey
from ..services import fields as services
from ..services import retention as retention_services
from .people import section_or_404


@require_perm("intake.configure")
def questionnaire(request, authority_slug: str):
    authority = request.authority
    owners = section_owners(authority.pk)
    form = SectionOwnersForm(request.POST or None, authority=authority, owners=owners)
    if request.method == "POST" and form.is_valid():
        for key in SectionKey.values:
            services.set_section_owner(authority=authority, section=key, department=form.cleaned_data[key])
        messages.success(request, _("Saved."))
        return redirect("intake:questionnaire", authority_slug=authority_slug)
    fields = list(SectionField.objects.filter(authority=authority, is_current=True).order_by("section", "order", "id"))
    by_section = [(key, label, [f for f in fields if f.section == key]) for key, label in SectionKey.choices]
    return render(request, "intake/questionnaire.html", {"form": form, "by_section": by_section},
                  status=400 if form.errors else 200)


@require_perm("intake.configure")
@submit_once
def field_add(request, authority_slug: str, section: str):
    section = section_or_404(section)
    form = FieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                services.add_field(authority=request.authority, section=section, values=form.cleaned_data)
                claim.lands_on(reverse("intake:questionnaire", kwargs={"authority_slug": authority_slug}))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("intake:questionnaire", authority_slug=authority_slug)
    return render(request, "intake/field_form.html", {"form": form, "section_label": SectionKey(section).label,
                                                      "field": None}, status=400 if form.errors else 200)


@require_perm("intake.configure")
def field_edit(request, authority_slug: str, field_id: int):
    with scope(authority=request.authority):
        field = get_object_or_404(SectionField.objects.filter(authority=request.authority, is_current=True),
                                  pk=field_id)
    form = FieldForm(request.POST or None, initial=FieldForm.initial_for(field))
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_field(field=field, values=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question was changed. Answers given to its earlier wording keep it."))
            return redirect("intake:questionnaire", authority_slug=authority_slug)
    return render(request, "intake/field_form.html", {"form": form, "section_label": field.get_section_display(),
                                                      "field": field}, status=400 if form.errors else 200)


@require_POST
@require_perm("intake.configure")
def field_retire(request, authority_slug: str, field_id: int):
    field = get_object_or_404(SectionField.objects.filter(authority=request.authority, is_current=True), pk=field_id)
    services.retire_field(field=field)
    messages.success(request, _("The question is no longer asked. Its answers stay readable."))
    return redirect("intake:questionnaire", authority_slug=authority_slug)


@require_perm("intake.configure")
def retention(request, authority_slug: str):
    """The retention period after the emergency, and the dry-run report of what the job would erase."""
    authority = request.authority
    settings = retention_services.settings_of(authority)
    initial = {"emergency_ended_on": settings.emergency_ended_on, "retention_months": settings.retention_months,
               "version": settings.version} if settings else {}
    form = RetentionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            retention_services.set_retention(authority=authority,
                                             emergency_ended_on=form.cleaned_data["emergency_ended_on"],
                                             retention_months=form.cleaned_data["retention_months"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("intake:retention", authority_slug=authority_slug)
    return render(request, "intake/retention.html", {
        "form": form, "report": retention_services.retention_report(authority)}, status=400 if form.errors else 200)
