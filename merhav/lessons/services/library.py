"""The shared library of lessons across authorities.

An author proposes an anonymised copy of one of their authority's lessons (they remove names and personal
details themselves); the source authority's CEO approves or rejects it; once approved every authority's
users can find it and adopt it into one of their own reviews, as a lesson that remembers where it came from
(Lesson.adopted_from). SharedLesson is not scoped: every read here says explicitly which rows it may see.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.notify.services import send_notification
from merhav.tenancy.models import Authority, Membership
from merhav.tenancy.roles import Role

from ..models import EventKind, Lesson, Review, SharedLesson
from ..similarity import normalize
from .lessons import add_lesson, parse_tags

MAX_TEXT = 4000


def _clean(text: str | None, field: str, *, required: bool = True) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("Keep it under %(n)s characters.") % {"n": MAX_TEXT}})
    return text


def _ceos(authority_id: int) -> list[User]:
    with scopes_disabled():
        return [
            m.user for m in Membership.objects.filter(
                authority_id=authority_id, role=Role.CEO, is_active=True, user__is_active=True
            ).select_related("user")
        ]


def _library_url(authority_slug: str, name: str, **kwargs: int) -> str:
    return reverse(f"lessons:{name}", kwargs={"authority_slug": authority_slug, **kwargs})


def propose_shared_lesson(
    *,
    lesson: Lesson,
    by: User,
    text: str,
    context: str = "",
    event_kind: str = "",
    tags: Iterable[str] | str = (),
    publish_now: bool = False,
) -> SharedLesson:
    """The author's anonymised copy of `lesson`, awaiting the source authority's CEO. When the author is the
    one who approves (`publish_now`: the view asks the policy), it is published at once: their confirmation
    that it has no personal details is the approval."""
    text = _clean(text, "text")
    context = _clean(context, "context", required=False)
    with scope(authority=lesson.authority_id):
        review = Review.objects.select_related("event", "authority").get(pk=lesson.review_id)
    event_kind = event_kind or review.event.kind
    if event_kind not in EventKind.values:
        raise ValidationError({"event_kind": _("Choose the kind of event.")})
    with transaction.atomic():
        shared = SharedLesson.objects.create(
            source_authority_id=lesson.authority_id, source_lesson=lesson, text=text, context=context,
            event_kind=event_kind, tags=parse_tags(tags), normalized_text=normalize(f"{text} {context}"),
            proposed_by=by,
        )
        record(action=Action.CREATE, user=by, obj=shared, authority=lesson.authority_id,
               fields=["text", "context", "event_kind", "tags"])
        if publish_now:
            shared.status, shared.decided_by, shared.decided_at = SharedLesson.Status.APPROVED, by, timezone.now()
            shared.save(update_fields=["status", "decided_by", "decided_at"])
            record(action=Action.UPDATE, user=by, obj=shared, authority=lesson.authority_id, fields=["status"])
            return shared
        queue = _library_url(review.authority.slug, "library_queue")
        for ceo in _ceos(lesson.authority_id):
            send_notification(
                recipient=ceo, kind="lessons.shared_proposed",
                title=lambda: _("A lesson was proposed for the shared library"),
                body=lambda: _("Check that it has no names or personal details, then approve or reject it."),
                url=queue, authority=review.authority, dedupe_key=f"shared:{shared.pk}:proposed:{ceo.pk}",
            )
    return shared


def decide_shared_lesson(*, authority: Authority, shared: SharedLesson, by: User, approve: bool) -> SharedLesson:
    """The source authority's CEO publishes (approve) or rejects a proposal. Decided ones stay decided."""
    if shared.source_authority_id != authority.pk:
        raise PermissionDenied("Only the source authority decides on its proposals.")
    with transaction.atomic():
        current = SharedLesson.objects.select_for_update().get(pk=shared.pk)
        if current.status != SharedLesson.Status.PROPOSED:
            raise ValidationError(_("This proposal was already decided."))
        current.status = SharedLesson.Status.APPROVED if approve else SharedLesson.Status.REJECTED
        current.decided_by = by
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decided_by", "decided_at"])
        record(action=Action.UPDATE, user=by, obj=current, authority=authority, fields=["status"])
        proposer = current.proposed_by if current.proposed_by_id != getattr(by, "pk", None) else None
        if proposer is not None:
            published = approve
            send_notification(
                recipient=proposer, kind="lessons.shared_decided",
                title=lambda: (_("Your lesson was published in the shared library") if published
                               else _("Your lesson was not published in the shared library")),
                url=_library_url(authority.slug, "library_detail", shared_lesson_id=current.pk),
                authority=authority, dedupe_key=f"shared:{current.pk}:decided",
            )
    return current


def adopt_shared_lesson(*, shared: SharedLesson, review: Review, by: User, text: str | None = None) -> Lesson:
    """A lesson of `review` (in the adopter's authority) taken from a published shared lesson."""
    if shared.status != SharedLesson.Status.APPROVED:
        raise ValidationError(_("Only published lessons can be adopted."))
    with transaction.atomic():
        lesson = add_lesson(review=review, text=text or shared.text, by=by, tags=shared.tags)
        with scope(authority=review.authority_id):
            Lesson.objects.filter(pk=lesson.pk).update(adopted_from=shared)
        lesson.adopted_from = shared
        record(action=Action.UPDATE, user=by, obj=lesson, fields=["adopted_from"])
    return lesson
