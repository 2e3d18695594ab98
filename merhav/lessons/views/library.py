"""The shared library across authorities, seen from the user's current authority (/a/<slug>/lessons/library/):
search published lessons and adopt one into a review; propose an anonymised copy of one of our lessons;
the CEO's queue of our proposals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from merhav.core.permissions import check_perm, require_perm
from merhav.ui.forms import add_service_errors

from ..forms.oversight import AdoptLessonForm, DecideSharedLessonForm, LibrarySearchForm, ShareLessonForm
from ..models import Lesson, Review, SharedLesson
from ..selectors import library as selectors
from ..services import library as services

PAGE_SIZE = 20


@require_GET
@require_perm("lessons.view")
def library(request, authority_slug: str):
    """Published lessons of every authority: search by text (similar wording counts), event kind and tag."""
    form = LibrarySearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    ids = selectors.search(text=data.get("q") or "", kind=data.get("kind") or "", tag=data.get("tag") or "")
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.by_ids(request.authority, list(page.object_list))
    return render(request, "lessons/library/list.html", {
        "form": form, "page": page, "searched": bool(data and any(data.values())),
        "can_adopt": request.user.has_perm("lessons.adopt_shared", request.authority),
        "can_approve": request.user.has_perm("lessons.approve_shared", request.authority),
    })


def _shared(request, shared_lesson_id: int) -> SharedLesson:
    return get_object_or_404(selectors.shared_lesson(request.authority, shared_lesson_id))


@require_GET
@require_perm("lessons.view")
def library_detail(request, authority_slug: str, shared_lesson_id: int):
    shared = _shared(request, shared_lesson_id)
    own = shared.source_authority_id == request.authority.pk
    return render(request, "lessons/library/detail.html", {
        "shared": shared, "own": own,
        "can_adopt": shared.status == SharedLesson.Status.APPROVED
        and request.user.has_perm("lessons.adopt_shared", request.authority),
        "can_decide": own and shared.status == SharedLesson.Status.PROPOSED
        and request.user.has_perm("lessons.approve_shared", request.authority),
        "decide_form": DecideSharedLessonForm(),
    })


def _reviews_to_adopt_into(request):
    """Open reviews the user may edit: the CEO's are all of them; others' those they facilitate, created or
    take part in (the policy checks the chosen one again)."""
    from django.db.models import Q

    from merhav.tenancy.roles import Role

    reviews = Review.objects.filter(authority=request.authority).exclude(
        status__in=(Review.Status.COMPLETED, Review.Status.FOLLOWED_UP)
    )
    if request.membership.role != Role.CEO:
        user = request.user
        mine = Review.participants.through.objects.filter(user_id=user.pk).values("review_id")
        reviews = reviews.filter(Q(facilitator=user) | Q(created_by=user) | Q(pk__in=mine))
    return reviews.order_by("-meeting_date", "-id")


@require_perm("lessons.view")
def library_adopt(request, authority_slug: str, shared_lesson_id: int):
    """Adopt a published lesson into one of our open reviews (a new lesson there, adopted_from set)."""
    shared = _shared(request, shared_lesson_id)
    check_perm(request, "lessons.adopt_shared")
    if shared.status != SharedLesson.Status.APPROVED:
        raise Http404("Only published lessons can be adopted.")
    reviews = _reviews_to_adopt_into(request)
    form = AdoptLessonForm(request.POST or None, reviews=reviews, initial={"text": shared.text,
                                                                           "review": request.GET.get("review")})
    if request.method == "POST" and form.is_valid():
        review = form.cleaned_data["review"]
        check_perm(request, "lessons.edit_review", review)
        try:
            lesson = services.adopt_shared_lesson(shared=shared, review=review, by=request.user,
                                                  text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The lesson was adopted into the review. Edit it there to fit your authority."))
            return redirect(f"{review_url(authority_slug, review.pk)}#lesson-{lesson.pk}")
    return render(request, "lessons/library/adopt.html", {"shared": shared, "form": form,
                                                          "has_reviews": reviews.exists()},
                  status=400 if form.errors else 200)


def review_url(authority_slug: str, review_id: int) -> str:
    from django.urls import reverse

    return reverse("lessons:review_detail", kwargs={"authority_slug": authority_slug, "review_id": review_id})


@require_perm("lessons.view")
def library_propose(request, authority_slug: str, lesson_id: int):
    """Propose an anonymised copy of one of our lessons; the form starts with the lesson's text."""
    lesson = get_object_or_404(Lesson.objects.select_related("review", "review__event"), pk=lesson_id)
    check_perm(request, "lessons.propose_shared", lesson)
    initial = {"text": lesson.text, "event_kind": lesson.review.event.kind, "tags": ", ".join(lesson.tags or [])}
    form = ShareLessonForm(request.POST or None, initial=initial)
    approver = request.user.has_perm("lessons.approve_shared", request.authority)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shared = services.propose_shared_lesson(
                lesson=lesson, by=request.user, text=data["text"], context=data["context"],
                event_kind=data["event_kind"], tags=data["tags"], publish_now=approver,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The lesson was published in the shared library: you approve the "
                                        "authority's lessons, and you confirmed it has no personal details.")
                             if approver else _("Thank you. The CEO will check the lesson before it is published."))
            return redirect("lessons:library_detail", authority_slug=authority_slug, shared_lesson_id=shared.pk)
    return render(request, "lessons/library/propose.html", {"lesson": lesson, "form": form, "approver": approver},
                  status=400 if form.errors else 200)


@require_GET
@require_perm("lessons.approve_shared")
def library_queue(request, authority_slug: str):
    """The CEO's queue: our authority's proposals, those awaiting a decision first."""
    page = Paginator(selectors.proposals_of(request.authority), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "lessons/library/queue.html", {"page": page, "decide_form": DecideSharedLessonForm()})


@require_POST
@require_perm("lessons.view")
def library_decide(request, authority_slug: str, shared_lesson_id: int):
    shared = _shared(request, shared_lesson_id)
    if shared.source_authority_id != request.authority.pk:
        raise Http404("Another authority's proposal.")
    check_perm(request, "lessons.approve_shared")
    form = DecideSharedLessonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to reject."))
        return redirect("lessons:library_queue", authority_slug=authority_slug)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.decide_shared_lesson(shared=shared, by=request.user, approve=approve, authority=request.authority)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The lesson was published in the shared library.") if approve
                         else _("The proposal was rejected."))
    return redirect("lessons:library_queue", authority_slug=authority_slug)
