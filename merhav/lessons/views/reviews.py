"""Pages of a review: create and edit it, the review page with its five sections (per-section saving with
conflict and merge, JSON autosave), comments, lessons and key lessons, and the state changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from merhav.core.permissions import check_perm, require_perm
from merhav.core.results import Result
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from .. import guides
from ..forms.reviews import CommentForm, HeldForm, LessonForm, ReviewForm, SectionForm
from ..merge import merge3
from ..models import Event, Lesson, Question, Review, SectionComment
from ..selectors import actions as action_selectors
from ..selectors import reviews as selectors
from ..services import lessons as lesson_services
from ..services import reviews as services


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _review(authority, review_id: int) -> Review:
    return get_object_or_404(selectors.review_detail(authority, review_id))


def _question(question: int) -> int:
    if question not in Question.values:
        raise Http404("No such question.")
    return question


def review_url(review: Review, authority_slug: str, anchor: str = "") -> str:
    url = reverse("lessons:review_detail", kwargs={"authority_slug": authority_slug, "review_id": review.pk})
    return f"{url}#{anchor}" if anchor else url


# --- Creating and editing a review -------------------------------------------------------------------------


@require_perm("lessons.create_review")
@submit_once
def review_create(request, authority_slug: str):
    authority = request.authority
    chosen = None
    event_id = request.POST.get("event") or request.GET.get("event")
    if event_id and str(event_id).isdigit():
        chosen = Event.objects.filter(pk=int(event_id)).first()
    initial = {}
    if chosen is not None:
        initial = {"event": chosen, "title": chosen.title,
                   "meeting_date": services.proposed_meeting_date(chosen), "facilitator": request.user}
    form = ReviewForm(request.POST or None, authority=authority, chosen_event=chosen, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                result = services.create_review(
                    event=data["event"], title=data["title"], by=request.user, meeting_date=data["meeting_date"],
                    facilitator=data["facilitator"], participants=data["participants"],
                    meeting_time=data["meeting_time"], meeting_place=data["meeting_place"], guests=data["guests"],
                )
                claim.lands_on(review_url(result.value, authority_slug))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review was created. Share its page with the participants."))
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect(claim.url)
    context = {"form": form, "event": chosen, "guide": guides, "review": None}
    if chosen is not None:
        context["proposed_date"] = services.proposed_meeting_date(chosen)
    return render(request, "lessons/reviews/form.html", context, status=400 if form.errors else 200)


@require_perm("lessons.view")
def review_edit(request, authority_slug: str, review_id: int):
    review = _review(request.authority, review_id)
    check_perm(request, "lessons.edit_review", review)
    authority = request.authority
    conflict = None
    if request.method == "POST":
        form = ReviewForm(request.POST, authority=authority, review=review)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.update_review(
                    review=review, by=request.user, version=data["version"] or 0, title=data["title"],
                    meeting_date=data["meeting_date"], facilitator=data["facilitator"],
                    participants=data["participants"], meeting_time=data["meeting_time"],
                    meeting_place=data["meeting_place"], guests=data["guests"],
                )
            except StaleVersion as stale:
                now = _review(request.authority, stale.current.pk)
                conflict = show_conflict(form, now, message=_(
                    "Someone else changed these details since you opened the page. Your values are kept below; "
                    "check them against the review page and save again."
                ), fields={
                    "title": now.title, "meeting_date": now.meeting_date,
                    "facilitator": now.facilitator.full_name if now.facilitator else "",
                    "participants": [p.full_name or p.email for p in now.participants.all()],
                })
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The review details were saved."))
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect(review_url(review, authority_slug))
    else:
        form = ReviewForm(initial=ReviewForm.initial_for(review), authority=authority, review=review)
    context = {"form": form, "review": review, "event": review.event, "conflict": conflict}
    return render(request, "lessons/reviews/form.html", context,
                  status=CONFLICT if conflict else 400 if form.errors else 200)


# --- The review page --------------------------------------------------------------------------------------


def _permissions(user, review: Review) -> dict[str, bool]:
    return {
        "can_edit": user.has_perm("lessons.edit_review", review),
        "can_comment": user.has_perm("lessons.comment", review),
        "can_hold": user.has_perm("lessons.hold_review", review) and review.status == Review.Status.DRAFT,
        "can_complete": user.has_perm("lessons.complete_review", review) and review.status == Review.Status.HELD,
        "can_reopen": user.has_perm("lessons.reopen_review", review) and review.is_locked,
        "can_manage_actions": user.has_perm("lessons.manage_actions", review),
        "can_share": user.has_perm("lessons.propose_shared", review),
    }


def _section_blocks(review: Review, *, can_edit: bool, bound: dict | None = None) -> list[dict]:
    """Per question: the guide, the stored section, its edit form and its comment form."""
    bound = bound or {}
    guide = {g.question: g for g in guides.guide_for(review.event.kind)}
    blocks = []
    for section in selectors.sections(review.authority_id, review):
        q = section.question
        form = bound.get(("section", q)) or SectionForm(
            initial={"text": section.text, "version": section.version}, question=q
        )
        blocks.append({
            "question": q,
            "guide": guide[q],
            "section": section,
            "form": form if can_edit else None,
            "comment_form": bound.get(("comment", q)) or CommentForm(question=q),
        })
    return blocks


def _with_details(people) -> list:
    """The participants, each with .details: role, department and job title (selectors.member_details)."""
    people = list(people)
    for person in people:
        person.details = selectors.member_details(person)
    return people


def render_review(request, review: Review, *, status: int = 200, **extra):
    perms = _permissions(request.user, review)
    lessons = list(selectors.lessons(request.authority, review))
    key_count = sum(1 for lesson in lessons if lesson.is_key)
    context = {
        "review": review,
        "event": review.event,
        "participants": _with_details(review.participants.all()),
        "warnings": services.review_warnings(review),
        "blocks": _section_blocks(review, can_edit=perms["can_edit"], bound=extra.pop("bound", None)),
        "lessons": lessons,
        "key_count": key_count,
        "max_key": Lesson.MAX_KEY_LESSONS,
        "key_warning": services.key_lessons_warning(key_count) if lessons or review.status != Review.Status.DRAFT
        else None,
        "actions": list(action_selectors.actions_of_review(request.authority, review)),
        "today": timezone.localdate(),
        "hold_form": extra.pop("hold_form", None) or HeldForm(initial={"held_on": timezone.localdate()}),
        "safe_space": guides.SAFE_SPACE,
        "how_to_run": guides.HOW_TO_RUN,
        **perms,
        **extra,
    }
    return render(request, "lessons/reviews/detail.html", context, status=status)


@require_perm("lessons.view")
def review_detail(request, authority_slug: str, review_id: int):
    return render_review(request, _review(request.authority, review_id))


# --- The five sections: save, conflict and merge, autosave -------------------------------------------------


def _merge_context(request, review: Review, question: int, current, yours: str, base_version: int) -> dict:
    """The merge page: both texts on the conflict screen, and a form that starts with them merged from their
    common base (the text at the version the user started from): what only one side changed is taken, and
    only where both changed the same lines are both kept, marked, for the user to resolve."""
    theirs = current.text
    base = selectors.section_text_at(request.authority, current, base_version)
    if base is None:  # saved before revisions were kept: their text, then what of yours it lacks
        merged = theirs if yours.strip() in theirs else (
            f"{theirs.rstrip()}\n\n{yours.strip()}" if theirs.strip() else yours)
        conflicts = None
    else:
        result = merge3(base, yours, theirs, labels=(_("their version"), _("your version")))
        merged, conflicts = result.text, len(result.conflicts)
    form = SectionForm(initial={"text": merged, "version": current.version}, question=question)
    guide = next(g for g in guides.guide_for(review.event.kind) if g.question == question)
    if conflicts == 0:
        details = [_("Your changes and theirs touched different lines, so they were merged below. Check the "
                     "merged answer, then save it.")]
    elif conflicts:
        details = [ngettext(
            "You both changed the same lines in %(count)d place: it is marked in the box below between "
            "“<<<<<<<” and “>>>>>>>”, their version first. Keep what is right, remove the markers, then save.",
            "You both changed the same lines in %(count)d places: each is marked in the box below between "
            "“<<<<<<<” and “>>>>>>>”, their version first. Keep what is right, remove the markers, then save.",
            conflicts) % {"count": conflicts}]
    else:
        details = [_("Combine them in the box at the bottom, then save the merged answer.")]
    conflict = show_conflict(
        None, current,
        message=_("Someone else saved an answer to “%(question)s” after you started editing. Nothing was "
                  "overwritten: both texts are below.") % {"question": guide.label},
        details=details,
        rows=[(guide.label, theirs)], yours=[(guide.label, yours)],
        saved_by=current.updated_by, saved_at=current.updated_at,
    )
    return {"review": review, "question": question, "guide": guide, "conflict": conflict, "form": form,
            "three_way": conflicts is not None, "conflict_count": conflicts or 0}


@require_perm("lessons.view")
def section_edit(request, authority_slug: str, review_id: int, question: int):
    """One section on its own page. POST saves it; a stale version shows both texts to merge (409)."""
    question = _question(question)
    review = _review(request.authority, review_id)
    check_perm(request, "lessons.edit_review", review)
    if request.method == "POST":
        form = SectionForm(request.POST, question=question)
        if form.is_valid():
            try:
                services.save_section(
                    review=review, question=question, text=form.cleaned_data["text"],
                    version=form.cleaned_data["version"], by=request.user,
                )
            except StaleVersion as stale:
                context = _merge_context(request, review, question, stale.current, form.cleaned_data["text"],
                                         form.cleaned_data["version"])
                return render(request, "lessons/reviews/merge.html", context, status=CONFLICT)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your answer was saved."))
                return redirect(review_url(review, authority_slug, f"q{question}"))
    else:
        current = selectors.section(request.authority, review, question)
        form = SectionForm(initial={"text": current.text, "version": current.version}, question=question)
    section = selectors.section(request.authority, review, question)
    guide = next(g for g in guides.guide_for(review.event.kind) if g.question == question)
    context = {"review": review, "question": question, "guide": guide, "section": section, "form": form}
    return render(request, "lessons/reviews/section.html", context, status=400 if form.errors else 200)


@require_POST
@require_perm("lessons.view")
def section_autosave(request, authority_slug: str, review_id: int, question: int):
    """The draft saved by review.js: JSON with the new version, or 409 with the other person's text."""
    question = _question(question)
    review = _review(request.authority, review_id)
    check_perm(request, "lessons.edit_review", review)
    form = SectionForm(request.POST, question=question)
    if not form.is_valid():
        return JsonResponse({"status": "invalid", "errors": form.errors.get_json_data()}, status=400)
    try:
        section = services.save_section(
            review=review, question=question, text=form.cleaned_data["text"],
            version=form.cleaned_data["version"], by=request.user,
        )
    except StaleVersion as stale:
        current = stale.current
        return JsonResponse(
            {
                "status": "conflict",
                "version": current.version,
                "text": current.text,
                "updated_by": str(current.updated_by or ""),
                "updated_at": current.updated_at.isoformat(),
            },
            status=409,
        )
    except ValidationError as error:
        return JsonResponse({"status": "invalid", "errors": {"__all__": _messages_of(error)}}, status=400)
    return JsonResponse(
        {
            "status": "saved",
            "version": section.version,
            "saved_at": section.updated_at.isoformat(),
            "saved_at_display": date_format(timezone.localtime(section.updated_at), "TIME_FORMAT"),
        }
    )


# --- Comments ----------------------------------------------------------------------------------------------


@require_POST
@require_perm("lessons.view")
def comment_add(request, authority_slug: str, review_id: int, question: int):
    question = _question(question)
    review = _review(request.authority, review_id)
    check_perm(request, "lessons.comment", review)
    form = CommentForm(request.POST, question=question)
    if form.is_valid():
        try:
            section = selectors.section(request.authority, review, question)
            if section.pk is None:
                section = services.save_section(review=review, question=question, text="", version=1,
                                                by=request.user)
            services.add_comment(section=section, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(review_url(review, authority_slug, f"q{question}-comments"))
    return render_review(request, review, status=400, bound={("comment", question): form})


@require_POST
@require_perm("lessons.view")
def comment_delete(request, authority_slug: str, review_id: int, comment_id: int):
    review = _review(request.authority, review_id)
    comment = get_object_or_404(SectionComment.objects.select_related("section", "section__review"),
                                pk=comment_id, section__review=review)
    check_perm(request, "lessons.delete_comment", comment)
    question = comment.section.question
    services.delete_comment(comment=comment, by=request.user)
    messages.success(request, _("Your comment was deleted."))
    return redirect(review_url(review, authority_slug, f"q{question}-comments"))


# --- Lessons -----------------------------------------------------------------------------------------------


def _similar(request, text: str, review: Review) -> list:
    """Similar earlier lessons of the authority, for the no-JavaScript "check" button."""
    try:
        from ..selectors.similar import similar_lessons
    except ImportError:
        return []
    if not (text or "").strip():
        return []
    found = similar_lessons(request.authority, text, limit=5, exclude_review=review)
    return [{"lesson": lesson, "score": score} for lesson, score in found]


def _lesson_form_page(request, *, review: Review, form, lesson=None, similar=None, status=200, conflict=None):
    # The live hint of similar earlier lessons (similar.js) reads the endpoint from the textarea.
    try:
        similar_url = reverse("lessons:similar_lessons", kwargs={"authority_slug": request.authority.slug})
    except NoReverseMatch:
        similar_url = None
    if similar_url:
        form.fields["text"].widget.attrs["data-similar-url"] = similar_url
        form.fields["text"].widget.attrs["data-review-id"] = review.pk  # its own lessons are left out
        form.fields["text"].widget.attrs["aria-controls"] = "similar-lessons"
    context = {"review": review, "form": form, "lesson": lesson, "similar": similar, "conflict": conflict,
               "similar_js": bool(similar_url and finders.find("lessons/similar.js")),
               "key_count": Lesson.objects.filter(review=review, is_key=True).count(),
               "max_key": Lesson.MAX_KEY_LESSONS}
    return render(request, "lessons/reviews/lesson_form.html", context, status=status)


@require_perm("lessons.view")
@submit_once
def lesson_create(request, authority_slug: str, review_id: int):
    review = _review(request.authority, review_id)
    check_perm(request, "lessons.edit_review", review)
    form = LessonForm(request.POST or None, authority=request.authority)
    if request.method == "POST" and "check" in request.POST:
        similar = _similar(request, request.POST.get("text"), review)
        return _lesson_form_page(request, review=review, form=form, similar=similar)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                lesson_services.add_lesson(
                    review=review, text=data["text"], by=request.user, tags=data["tags"],
                    department=data["department"], level=data["level"], is_key=data["is_key"],
                )
                claim.lands_on(request.path if request.POST.get("then") == "another"
                               else review_url(review, authority_slug, "lessons"))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The lesson was added."))
            return redirect(claim.url)
    return _lesson_form_page(request, review=review, form=form, status=400 if form.errors else 200)


def _lesson(authority, lesson_id: int) -> Lesson:
    lesson = get_object_or_404(Lesson.objects.select_related("department"), authority=authority, pk=lesson_id)
    lesson.review = _review(authority, lesson.review_id)
    return lesson


@require_perm("lessons.view")
def lesson_edit(request, authority_slug: str, lesson_id: int):
    lesson = _lesson(request.authority, lesson_id)
    review = lesson.review
    check_perm(request, "lessons.edit_review", review)
    conflict = None
    if request.method == "POST":
        form = LessonForm(request.POST, authority=request.authority)
        if "check" in request.POST:
            return _lesson_form_page(request, review=review, form=form, lesson=lesson,
                                     similar=_similar(request, request.POST.get("text"), review))
        if form.is_valid():
            data = form.cleaned_data
            try:
                lesson_services.update_lesson(
                    lesson=lesson, by=request.user, version=data["version"] or 0, text=data["text"],
                    tags=data["tags"], department=data["department"], level=data["level"], is_key=data["is_key"],
                )
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=_(
                    "Someone else changed this lesson since you opened it. Their text: “%(text)s”. "
                    "Your text is kept below: merge it and save again."
                ) % {"text": now.text}, fields={
                    "text": now.text, "tags": now.tags, "department": now.department.name if now.department else "",
                    "level": now.get_level_display(), "is_key": now.is_key,
                })
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The lesson was saved."))
                return redirect(review_url(review, authority_slug, "lessons"))
    else:
        form = LessonForm(initial=LessonForm.initial_for(lesson), authority=request.authority)
    return _lesson_form_page(request, review=review, form=form, lesson=lesson, conflict=conflict,
                             status=CONFLICT if conflict else 400 if form.errors else 200)


@require_POST
@require_perm("lessons.view")
def lesson_key(request, authority_slug: str, lesson_id: int):
    """Mark or unmark a key lesson. A fourth is refused, with the reason beside the lessons."""
    lesson = _lesson(request.authority, lesson_id)
    review = lesson.review
    check_perm(request, "lessons.edit_review", review)
    is_key = request.POST.get("is_key") == "1"
    try:
        lesson_services.set_key_lesson(lesson=lesson, is_key=is_key, by=request.user)
    except ValidationError as error:
        return render_review(request, review, status=400, key_error=" ".join(_messages_of(error)),
                             key_error_lesson=lesson.pk)
    messages.success(request, _("Marked as a key lesson.") if is_key else _("No longer a key lesson."))
    return redirect(review_url(review, authority_slug, "lessons"))


# --- States ------------------------------------------------------------------------------------------------


def _state_change(request, review_id: int, permission: str, change, done_message: str):
    review = _review(request.authority, review_id)
    check_perm(request, permission, review)
    try:
        result = change(review=review, by=request.user)
    except ValidationError as error:
        return render_review(request, review, status=400, state_error=" ".join(_messages_of(error)))
    messages.success(request, done_message)
    for warning in result.warnings if isinstance(result, Result) else []:
        messages.warning(request, warning)
    return redirect(review_url(review, request.authority.slug))


@require_POST
@require_perm("lessons.view")
def review_hold(request, authority_slug: str, review_id: int):
    """Mark the review held on the day given (default today; never in the future)."""
    review = _review(request.authority, review_id)
    check_perm(request, "lessons.hold_review", review)
    form = HeldForm(request.POST)
    if form.is_valid():
        try:
            services.mark_review_held(review=review, by=request.user, held_on=form.cleaned_data["held_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review is marked as held."))
            return redirect(review_url(review, authority_slug))
    return render_review(request, review, status=400, hold_form=form,
                         state_error=" ".join(str(e) for errors in form.errors.values() for e in errors))


@require_POST
@require_perm("lessons.view")
def review_complete(request, authority_slug: str, review_id: int):
    return _state_change(request, review_id, "lessons.complete_review", services.complete_review,
                         _("The review is completed and its follow-up is scheduled."))


@require_POST
@require_perm("lessons.view")
def review_reopen(request, authority_slug: str, review_id: int):
    return _state_change(request, review_id, "lessons.reopen_review", services.reopen_review,
                         _("The review was reopened for editing. The reopening is recorded."))


# --- Guidance --------------------------------------------------------------------------------------------


@require_perm("lessons.view")
def examples(request, authority_slug: str):
    """The seed's two worked examples, laid out on the five questions, and how a review is run right."""
    labels = {g.question: g for g in guides.guide_for(None)}
    worked = [
        {"example": e, "rows": [{"guide": labels[q], "answer": e.answers[q]} for q in Question.values]}
        for e in guides.WORKED_EXAMPLES
    ]
    context = {
        "worked": worked,
        "how_to_run": guides.HOW_TO_RUN,
        "when_to_review": guides.WHEN_TO_REVIEW,
        "safe_space": guides.SAFE_SPACE,
        "guide": guides.guide_for(None),
    }
    return render(request, "lessons/reviews/examples.html", context)
