"""Pages of events: the list (filters: kind, period), create, edit, and the event with its reviews."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from merhav.core.permissions import check_perm, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from .. import guides
from ..forms.reviews import EventFilterForm, EventForm
from ..selectors import reviews as selectors
from ..services import events as services
from ..services.reviews import proposed_meeting_date

PAGE_SIZE = 25


@require_perm("lessons.view")
def event_list(request, authority_slug: str):
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.events(
        request.authority, kind=filters.get("kind") or "", date_from=filters.get("date_from"),
        date_to=filters.get("date_to"), text=filters.get("q") or "",
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_review_counts(request.authority, page.object_list)
    context = {
        "form": form,
        "page": page,
        "can_create": request.user.has_perm("lessons.create_event", request.authority),
        "when_to_review": guides.WHEN_TO_REVIEW,
    }
    return render(request, "lessons/events/list.html", context)


@require_perm("lessons.create_event")
@submit_once
def event_create(request, authority_slug: str):
    form = EventForm(request.POST or None, authority=request.authority)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                event = services.create_event(
                    authority=request.authority, title=data["title"], kind=data["kind"], starts_on=data["starts_on"],
                    ends_on=data["ends_on"], description=data["description"], departments=data["departments"],
                    by=request.user,
                )
                claim.lands_on(reverse("lessons:event_detail", kwargs={"authority_slug": authority_slug,
                                                                       "event_id": event.pk}))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event was created. You can now start its review."))
            return redirect(claim.url)
    return render(request, "lessons/events/form.html", {"form": form, "event": None},
                  status=400 if form.errors else 200)


@require_perm("lessons.view")
def event_detail(request, authority_slug: str, event_id: int):
    event = get_object_or_404(selectors.event_detail(request.authority, event_id))
    reviews = list(selectors.reviews(request.authority, event=event))
    selectors.with_counts(request.authority, reviews)
    context = {
        "event": event,
        "reviews": reviews,
        "proposed_date": proposed_meeting_date(event),
        "can_edit": request.user.has_perm("lessons.edit_event", event),
        "can_review": request.user.has_perm("lessons.create_review", request.authority),
    }
    return render(request, "lessons/events/detail.html", context)


@require_perm("lessons.view")
def event_edit(request, authority_slug: str, event_id: int):
    event = get_object_or_404(selectors.event_detail(request.authority, event_id))
    check_perm(request, "lessons.edit_event", event)
    conflict = None
    if request.method == "POST":
        form = EventForm(request.POST, authority=request.authority)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_event(
                    event=event, by=request.user, version=data["version"] or 0, title=data["title"],
                    kind=data["kind"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                    description=data["description"], departments=data["departments"],
                )
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=_(
                    "Someone else changed this event since you opened the page. Your values are kept below; "
                    "check them against the event page and save again."
                ), fields={
                    "title": now.title, "kind": now.get_kind_display(), "starts_on": now.starts_on,
                    "ends_on": now.ends_on, "description": now.description,
                    "departments": [d.name for d in now.departments.all()],
                })
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The event was saved."))
                return redirect("lessons:event_detail", authority_slug=authority_slug, event_id=event.pk)
    else:
        form = EventForm(initial=EventForm.initial_for(event), authority=request.authority)
    return render(request, "lessons/events/form.html", {"form": form, "event": event, "conflict": conflict},
                  status=CONFLICT if conflict else 400 if form.errors else 200)
