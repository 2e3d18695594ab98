"""A review as a Word document (in the user's language, right to left in Hebrew and Arabic) and as a page
laid out for printing. Both are written to the audit log: the document as an export, the page as a print."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from merhav.audit.services import Action, record
from merhav.core.permissions import check_perm, require_perm

from .. import exports
from ..selectors import reviews as selectors
from .oversight import _download


def _review_parts(request, review_id: int) -> dict:
    review = get_object_or_404(selectors.review_detail(request.authority, review_id))
    check_perm(request, "lessons.export", review)
    participants = sorted(review.participants.all(), key=lambda p: (p.full_name or p.email).casefold())
    for person in participants:
        person.details = selectors.member_details(person)  # role · department · job title
    return {
        "review": review,
        "event": review.event,
        "authority": request.authority,
        "participants": participants,
        "guests": list(review.guests.all()),
        "sections": selectors.sections(request.authority, review, with_comments=False),
        "lessons": list(selectors.lessons(request.authority, review)),
        "actions": list(selectors.actions(request.authority, review)),
    }


@require_GET
@require_perm("lessons.view")
def review_docx(request, authority_slug: str, review_id: int):
    parts = _review_parts(request, review_id)
    review = parts["review"]
    content = exports.review_docx(review=review, sections=parts["sections"], lessons=parts["lessons"],
                                  actions=parts["actions"], participants=parts["participants"],
                                  guests=parts["guests"], authority=request.authority, author=request.user)
    record(action=Action.EXPORT, obj=review, fields=["docx"])
    name = slugify(review.title, allow_unicode=False) or "review"
    return _download(content, exports.DOCX_TYPE, f"review-{review.pk}-{name}.docx")


@require_GET
@require_perm("lessons.view")
def review_print(request, authority_slug: str, review_id: int):
    """The review as one read-only page: answers as text (not boxes), lessons, actions; print.css does the rest."""
    parts = _review_parts(request, review_id)
    record(action=Action.PRINT, obj=parts["review"])
    return render(request, "lessons/oversight/review_print.html", parts)
