"""The synonyms used to find similar lessons: the domain's list (read-only) and the authority's own groups,
which the authority admin and the CEO add and remove."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from merhav.core.permissions import check_perm, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.ui.forms import add_service_errors

from ..models import LessonSynonyms
from ..services import synonyms as services
from ..similarity import DOMAIN_SYNONYMS


class SynonymsForm(forms.Form):
    words = forms.CharField(
        label=gettext_lazy("Words and phrases that mean the same"), max_length=2000,
        help_text=gettext_lazy("Separated by commas, e.g. the neighbourhood team, the green hill patrol."),
    )


@require_perm("lessons.view")
@submit_once
def synonyms(request, authority_slug: str):
    can_manage = request.user.has_perm("lessons.manage_synonyms", request.authority)
    form = SynonymsForm(request.POST or None)
    if request.method == "POST":
        check_perm(request, "lessons.manage_synonyms")
        if form.is_valid():
            try:
                with claim_submission(request) as claim:
                    services.add_synonyms(authority=request.authority, words=form.cleaned_data["words"],
                                          by=request.user)
                    claim.lands_on(request.path)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The synonyms were added. Similar lessons are found with them from now on."))
                return redirect(claim.url)
    context = {
        "form": form if can_manage else None,
        "groups": list(LessonSynonyms.objects.filter(authority=request.authority).order_by("id")),
        "domain": [", ".join(group) for group in DOMAIN_SYNONYMS],
        "can_manage": can_manage,
    }
    return render(request, "lessons/synonyms.html", context, status=400 if form.errors else 200)


@require_POST
@require_perm("lessons.view")
def synonyms_delete(request, authority_slug: str, group_id: int):
    check_perm(request, "lessons.manage_synonyms")
    group = get_object_or_404(LessonSynonyms.objects, authority=request.authority, pk=group_id)
    services.delete_synonyms(group=group, by=request.user)
    messages.success(request, _("The synonyms were removed."))
    return redirect("lessons:synonyms", authority_slug=authority_slug)
