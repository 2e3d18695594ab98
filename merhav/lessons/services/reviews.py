"""Writes of after-action reviews: create and edit a review, its five sections (optimistic concurrency:
a stale edit is a conflict, never an overwrite), comments, and the states draft → held → completed
(CEO sign-off) → followed up, with reopening logged.

Every function here is one transaction and writes the audit log. Functions run inside the review's
authority scope themselves, so the API, background tasks and other modules can call them too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope

from merhav.audit.services import Action, record

from .. import guides
from ..models import Event, Lesson, Question, Review, ReviewSection, SectionComment
from .follow_ups import schedule_follow_up


class StaleEdit(Exception):
    """Someone else saved the object after this edit began: nothing was overwritten.

    `current` is the object as it is now stored (text, version, who and when).
    """

    def __init__(self, current):
        super().__init__(f"stale edit of {current._meta.label} {current.pk}")
        self.current = current


class SectionConflict(StaleEdit):
    """Two people edited the same question of a review; the second must merge."""


# --- Guidance that warns but never blocks -------------------------------------------------------------


def proposed_meeting_date(event: Event) -> date:
    """The review meeting is proposed 2 days after the event (or its significant stage) ended."""
    return event.ended_on + timedelta(days=guides.PROPOSED_MEETING_DELAY_DAYS)


def meeting_date_warning(event: Event | None, meeting_date: date | None) -> str | None:
    if event is None or meeting_date is None:
        return None
    ended = event.ended_on
    if meeting_date < ended:
        return _(
            "The meeting date is before the event ended (%(ended)s). A review looks back at an event or a stage "
            "that is over; you can keep this date if a significant stage has ended."
        ) % {"ended": date_format(ended, "SHORT_DATE_FORMAT")}
    days = (meeting_date - ended).days
    if days > guides.MAX_MEETING_DELAY_DAYS:
        return ngettext(
            "The meeting is %(days)d day after the event ended. The guidance is 2–3 days, while memory is fresh.",
            "The meeting is %(days)d days after the event ended. The guidance is 2–3 days, while memory is fresh.",
            days,
        ) % {"days": days}
    return None


def participants_warning(count: int) -> str | None:
    if count < guides.MIN_PARTICIPANTS:
        return ngettext(
            "%(count)d participant. The guidance is 4–8 role-holders: who was there, who decided, who was in the field.",
            "%(count)d participants. The guidance is 4–8 role-holders: who was there, who decided, who was in the field.",
            count,
        ) % {"count": count}
    if count > guides.MAX_PARTICIPANTS:
        return _(
            "%(count)d participants. The guidance is 4–8 role-holders: in a larger group people speak less freely."
        ) % {"count": count}
    return None


def key_lessons_warning(count: int) -> str | None:
    if count < Lesson.MAX_KEY_LESSONS:
        return ngettext(
            "The review has %(count)d key lesson. The seed asks for three key, system-level lessons.",
            "The review has %(count)d key lessons. The seed asks for three key, system-level lessons.",
            count,
        ) % {"count": count}
    return None


def review_warnings(review: Review) -> dict[str, str]:
    """Warnings about how the review is run, by field (participants should be prefetched)."""
    warnings = {}
    date_warning = meeting_date_warning(review.event, review.meeting_date)
    if date_warning:
        warnings["meeting_date"] = date_warning
    people = participants_warning(len(review.participants.all()))
    if people:
        warnings["participants"] = people
    return warnings


# --- Helpers ---------------------------------------------------------------------------------------------


def _ids(items: Iterable) -> list[int]:
    return [getattr(item, "pk", item) for item in items if item is not None]


def check_members(authority_id: int, *, facilitator=None, participants: Iterable = ()) -> None:
    """Facilitator and participants must be active members of the review's authority."""
    from merhav.tenancy.models import Membership

    wanted = set(_ids(participants)) | set(_ids([facilitator]))
    if not wanted:
        return
    with scope(authority=authority_id):
        members = set(
            Membership.objects.filter(authority_id=authority_id, user_id__in=wanted, is_active=True).values_list(
                "user_id", flat=True
            )
        )
    errors = {}
    if facilitator is not None and getattr(facilitator, "pk", facilitator) not in members:
        errors["facilitator"] = _("The facilitator must be a member of this authority.")
    if set(_ids(participants)) - members:
        errors["participants"] = _("Participants must be members of this authority.")
    if errors:
        raise ValidationError(errors)


def require_open(review: Review) -> None:
    if review.is_locked:
        raise ValidationError(_("This review is completed and read-only. The CEO can reopen it for editing."))


def _audit(*, action, obj, by, request, fields=()):
    record(action=action, request=request, user=by, obj=obj, fields=fields)


# --- Reviews ---------------------------------------------------------------------------------------------


def create_review(
    *,
    event: Event | None,
    title: str,
    by,
    meeting_date: date | None = None,
    facilitator=None,
    participants: Iterable = (),
    request=None,
) -> Review:
    """Create a review of one event, with its five (empty) sections.

    The meeting date defaults to the proposed one (the event's end + 2 days). Dates outside 2–3 days and
    participant counts outside 4–8 are allowed: callers show meeting_date_warning / participants_warning.
    """
    if event is None:
        raise ValidationError(
            {"event": _("Choose the event this review is about: a review always learns from one concrete event.")}
        )
    participants = list(participants)
    check_members(event.authority_id, facilitator=facilitator, participants=participants)
    title = (title or "").strip() or event.title
    with transaction.atomic(), scope(authority=event.authority_id):
        review = Review.objects.create(
            authority_id=event.authority_id,
            event=event,
            title=title[:200],
            meeting_date=meeting_date or proposed_meeting_date(event),
            facilitator=facilitator,
            created_by=by,
        )
        if participants:
            review.participants.set(participants)
        ReviewSection.objects.bulk_create(
            [ReviewSection(authority_id=event.authority_id, review=review, question=q) for q in Question]
        )
        fields = ["event", "title", "meeting_date"]
        fields += ["facilitator"] if facilitator else []
        fields += ["participants"] if participants else []
        _audit(action=Action.CREATE, obj=review, by=by, request=request, fields=fields)
    return review


def update_review(
    *,
    review: Review,
    by,
    version: int,
    title: str,
    meeting_date: date | None,
    facilitator=None,
    participants: Iterable = (),
    request=None,
) -> Review:
    """Edit the meeting details of an open review. A stale version raises StaleEdit (nothing is saved)."""
    require_open(review)
    participants = list(participants)
    check_members(review.authority_id, facilitator=facilitator, participants=participants)
    with transaction.atomic(), scope(authority=review.authority_id):
        current = Review.objects.select_for_update().get(pk=review.pk)
        if current.version != version:
            raise StaleEdit(current)
        require_open(current)
        changes = {"title": (title or "").strip()[:200] or current.title, "meeting_date": meeting_date}
        changes["facilitator_id"] = getattr(facilitator, "pk", facilitator)
        fields = [name.removesuffix("_id") for name, value in changes.items() if getattr(current, name) != value]
        new_participants = set(_ids(participants))
        if new_participants != set(current.participants.values_list("pk", flat=True)):
            current.participants.set(new_participants)
            fields.append("participants")
        if fields:
            for name, value in changes.items():
                setattr(current, name, value)
            current.version = F("version") + 1
            current.save()
            current.refresh_from_db()
            _audit(action=Action.UPDATE, obj=current, by=by, request=request, fields=fields)
    return current


def save_section(*, review: Review, question: int, text: str, version: int, by, request=None) -> ReviewSection:
    """Save one answer of the review if nobody saved it since `version`; else raise SectionConflict.

    Other sections never conflict: each has its own version. Saving the same text again is a no-op.
    """
    require_open(review)
    question = Question(int(question))
    text = (text or "").replace("\r\n", "\n")
    with transaction.atomic(), scope(authority=review.authority_id):
        section, _created = ReviewSection.objects.get_or_create(
            review=review, question=question, defaults={"authority_id": review.authority_id}
        )
        if section.text == text:
            return section  # nothing to save, whatever version the editor started from
        updated = ReviewSection.objects.filter(pk=section.pk, version=version).update(
            text=text, version=F("version") + 1, updated_by=by, updated_at=timezone.now()
        )
        if not updated:
            raise SectionConflict(ReviewSection.objects.select_related("updated_by").get(pk=section.pk))
        section.refresh_from_db()
        _audit(action=Action.UPDATE, obj=section, by=by, request=request, fields=["text"])
    return section


def add_comment(*, section: ReviewSection, text: str, by, request=None) -> SectionComment:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    with transaction.atomic(), scope(authority=section.authority_id):
        comment = SectionComment.objects.create(
            authority_id=section.authority_id, section=section, author=by, text=text
        )
        _audit(action=Action.CREATE, obj=comment, by=by, request=request, fields=["text"])
    return comment


def delete_comment(*, comment: SectionComment, by, request=None) -> None:
    with transaction.atomic(), scope(authority=comment.authority_id):
        _audit(action=Action.DELETE, obj=comment, by=by, request=request, fields=["text"])
        comment.delete()


# --- States ----------------------------------------------------------------------------------------------


def _locked_copy(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


def mark_held(*, review: Review, by, request=None) -> Review:
    """draft → held: the meeting took place (the facilitator or the CEO says so)."""
    with transaction.atomic(), scope(authority=review.authority_id):
        current = _locked_copy(review)
        if current.status != Review.Status.DRAFT:
            raise ValidationError(_("Only a draft review can be marked as held."))
        current.status = Review.Status.HELD
        current.held_at = timezone.now()
        current.version = F("version") + 1
        current.save(update_fields=["status", "held_at", "version", "updated_at"])
        current.refresh_from_db()
        _audit(action=Action.UPDATE, obj=current, by=by, request=request, fields=["status", "held_at"])
    return current


def complete_review(*, review: Review, by, request=None) -> list[str]:
    """held → completed: the CEO's sign-off. Refused with no key lesson; fewer than three only warns.

    Schedules the follow-up (about a month later) and returns the warnings to show.
    """
    with transaction.atomic(), scope(authority=review.authority_id):
        current = _locked_copy(review)
        if current.status != Review.Status.HELD:
            if current.is_locked:
                raise ValidationError(_("This review is already completed."))
            raise ValidationError(_("Mark the review as held before completing it."))
        key_count = Lesson.objects.filter(review=current, is_key=True).count()
        if key_count == 0:
            raise ValidationError(
                _("Mark at least one key lesson before completing the review: a review ends with its key, "
                  "system-level lessons.")
            )
        now = timezone.now()
        current.status = Review.Status.COMPLETED
        current.completed_at = now
        current.completed_by = by
        current.version = F("version") + 1
        current.save(update_fields=["status", "completed_at", "completed_by", "version", "updated_at"])
        current.refresh_from_db()
        schedule_follow_up(current, by=by, request=request)
        current.refresh_from_db()
        if current.follow_up_due is None:  # the follow-up module always sets it; keep the rule if it does not
            current.follow_up_due = timezone.localdate(now) + timedelta(days=settings.MERHAV_FOLLOW_UP_DAYS)
            current.save(update_fields=["follow_up_due"])
        _audit(
            action=Action.UPDATE,
            obj=current,
            by=by,
            request=request,
            fields=["status", "completed_at", "completed_by", "follow_up_due"],
        )
    warning = key_lessons_warning(key_count)
    return [warning] if warning else []


def reopen_review(*, review: Review, by, request=None) -> Review:
    """completed (or followed up) → held, for editing. Counted and written to the audit log."""
    with transaction.atomic(), scope(authority=review.authority_id):
        current = _locked_copy(review)
        if not current.is_locked:
            raise ValidationError(_("Only a completed review can be reopened."))
        current.status = Review.Status.HELD
        current.reopen_count = F("reopen_count") + 1
        current.version = F("version") + 1
        current.save(update_fields=["status", "reopen_count", "version", "updated_at"])
        current.refresh_from_db()
        _audit(action=Action.UPDATE, obj=current, by=by, request=request, fields=["status", "reopen_count"])
    return current
