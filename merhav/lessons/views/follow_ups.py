"""The follow-up page of a review: see it (members), record it (the facilitator or the CEO)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from merhav.core.permissions import check_perm, require_perm
from merhav.core.versioning import StaleVersion
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from ..forms.follow_ups import FollowUpForm
from ..models import FollowUp, FollowUpItem, Lesson, Review
from ..selectors import actions as action_selectors
from ..services import follow_ups as services


@require_perm("lessons.view")
def follow_up(request, authority_slug: str, review_id: int):
    review = get_object_or_404(
        Review.objects.select_related("event", "facilitator").prefetch_related("participants"), pk=review_id
    )
    if request.method == "POST":
        check_perm(request, "lessons.record_follow_up", review)
    current = FollowUp.objects.filter(review=review).select_related("recorded_by").first()
    actions = list(action_selectors.actions_of_review(request.authority, review))
    existing = (
        {item.action_id: item for item in FollowUpItem.objects.filter(follow_up=current)} if current else {}
    )
    lessons = Lesson.objects.filter(review=review).order_by("-is_key", "id")
    can_record = request.user.has_perm("lessons.record_follow_up", review) and review.status in (
        Review.Status.COMPLETED, Review.Status.FOLLOWED_UP,
    )
    form = None
    conflict = None
    if can_record:
        initial = {"version": current.version if current else None}
        if current and current.status == FollowUp.Status.HELD:
            initial.update(held_on=current.held_on, notes=current.notes)
        form = FollowUpForm(
            request.POST or None, actions=actions, lessons=lessons, existing=existing, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.record_follow_up(
                    review=review, by=request.user, version=data["version"], items=form.items(),
                    notes=data["notes"], held_on=data["held_on"], reopen_lessons=list(data["reopen_lessons"]),
                )
            except StaleVersion as stale:
                current = FollowUp.objects.select_related("recorded_by").get(pk=stale.current.pk)
                existing = {item.action_id: item for item in FollowUpItem.objects.filter(follow_up=current)}
                conflict = show_conflict(form, current, message=_(
                    "Someone else recorded this follow-up while you were filling it in; nothing was overwritten. "
                    "Here is what they recorded: check it and save again if needed."
                ), fields={"held_on": current.held_on, "notes": current.notes})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The follow-up was recorded. The review is now followed up."))
                return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, _("Only a completed review can be followed up."))
        return redirect(request.path)
    rows = [{"action": action, "item": existing.get(action.pk)} for action in actions]
    return render(
        request,
        "lessons/follow_ups/record.html",
        {
            "review": review,
            "follow_up": current,
            "rows": rows,
            "lessons": lessons,
            "form": form,
            "today": timezone.localdate(),
            "conflict": conflict,
        },
        status=CONFLICT if conflict else 400 if form is not None and form.is_bound else 200,
    )
