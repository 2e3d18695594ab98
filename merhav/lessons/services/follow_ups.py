"""The follow-up: a control point about a month after a review is completed.

schedule_follow_up(review=review) is called when a review is completed (services.reviews.complete_review calls it);
record_follow_up() records, per action of the review, whether it was done and whether it worked, may
reopen lessons, and moves the review to "followed up".
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core.versioning import StaleVersion, apply_changes, lock_current

from ..models import ActionItem, FollowUp, FollowUpItem, Lesson, Review
from .data_version import figures_changed


def follow_up_days() -> int:
    return int(getattr(settings, "MERHAV_FOLLOW_UP_DAYS", 30))


def schedule_follow_up(*, review: Review, by: User | None = None) -> FollowUp:
    """Create (or move) the review's follow-up to MERHAV_FOLLOW_UP_DAYS after its completion.

    Idempotent: calling it again for the same completion changes nothing; a follow-up already held is
    kept as it is.
    """
    with transaction.atomic(), scope(authority=review.authority_id):
        return _schedule_follow_up(review, by=by)


def _schedule_follow_up(review: Review, *, by: User | None) -> FollowUp:
    completed_on = timezone.localdate(review.completed_at) if review.completed_at else timezone.localdate()
    due = completed_on + timedelta(days=follow_up_days())
    follow_up = FollowUp.objects.filter(review=review).select_for_update().first()
    if follow_up is None:
        follow_up = FollowUp.objects.create(authority_id=review.authority_id, review=review, due_date=due)
        record(action=Action.CREATE, user=by, obj=follow_up, fields=["due_date"])
        figures_changed(review.authority_id)
    elif follow_up.status == FollowUp.Status.SCHEDULED and apply_changes(follow_up, {"due_date": due}):
        record(action=Action.UPDATE, user=by, obj=follow_up, fields=["due_date"])
        figures_changed(review.authority_id)
    if review.follow_up_due != follow_up.due_date:
        Review.objects.filter(pk=review.pk).update(follow_up_due=follow_up.due_date)
        review.follow_up_due = follow_up.due_date
    return follow_up


@dataclass(frozen=True)
class ItemInput:
    """What the follow-up says about one action of the review."""

    was_done: bool
    effect: str = FollowUpItem.Effect.UNKNOWN
    note: str = ""


def record_follow_up(
    *,
    review: Review,
    by: User,
    version: int | None,
    items: dict[int, ItemInput],
    notes: str = "",
    held_on: date | None = None,
    reopen_lessons: tuple[Lesson, ...] | list[Lesson] = (),
) -> FollowUp:
    """Record the follow-up of a completed review; the review becomes "followed up".

    items maps an action id of the review to what was found. version is the follow-up's version the
    user loaded (None when there was no follow-up yet); a stale one raises StaleVersion with the follow-up
    as recorded. Reopened lessons get reopened_at (logged).
    """
    with scope(authority=review.authority_id):
        return _record_follow_up(
            review=review, by=by, version=version, items=items, notes=notes, held_on=held_on,
            reopen_lessons=reopen_lessons,
        )


def _record_follow_up(
    *, review: Review, by: User, version: int | None, items: dict[int, ItemInput], notes: str,
    held_on: date | None, reopen_lessons: tuple[Lesson, ...] | list[Lesson],
) -> FollowUp:
    errors: dict[str, list[str]] = {}
    if review.status not in (Review.Status.COMPLETED, Review.Status.FOLLOWED_UP):
        errors.setdefault("__all__", []).append(_("Only a completed review can be followed up."))
    held_on = held_on or timezone.localdate()
    if held_on > timezone.localdate():
        errors.setdefault("held_on", []).append(_("The follow-up cannot be recorded for a future date."))
    action_ids = set(ActionItem.objects.filter(review=review).values_list("pk", flat=True))
    if set(items) - action_ids:
        errors.setdefault("__all__", []).append(_("Some of the actions are not of this review."))
    for action_id, item in items.items():
        if item.effect not in FollowUpItem.Effect.values:
            errors.setdefault(f"effect_{action_id}", []).append(_("Choose whether it worked."))
    if any(lesson.review_id != review.pk for lesson in reopen_lessons):
        errors.setdefault("reopen_lessons", []).append(_("Choose lessons of this review."))
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().filter(review=review).first()
        if follow_up is None:
            follow_up = FollowUp.objects.create(authority_id=review.authority_id, review=review, due_date=held_on)
        elif version is not None and follow_up.version != version:
            raise StaleVersion(follow_up)
        elif version is None and follow_up.status == FollowUp.Status.HELD:
            raise StaleVersion(follow_up)  # recorded by someone else since the page showed none
        # Recording always counts as a change (the items are rows of their own): the version moves on.
        apply_changes(
            follow_up,
            {"status": FollowUp.Status.HELD, "held_on": held_on, "notes": notes, "recorded_by": by},
            also=["items"],
        )
        existing = {item.action_id: item for item in FollowUpItem.objects.filter(follow_up=follow_up)}
        to_create, to_update = [], []
        for action_id, given in items.items():
            row = existing.get(action_id)
            if row is None:
                to_create.append(
                    FollowUpItem(
                        authority_id=review.authority_id, follow_up=follow_up, action_id=action_id,
                        was_done=given.was_done, effect=given.effect, note=given.note,
                    )
                )
            else:
                row.was_done, row.effect, row.note = given.was_done, given.effect, given.note
                to_update.append(row)
        FollowUpItem.objects.bulk_create(to_create)
        FollowUpItem.objects.bulk_update(to_update, ["was_done", "effect", "note"])
        follow_up.refresh_from_db()
        record(action=Action.UPDATE, user=by, obj=follow_up, fields=["status", "held_on", "notes", "items"])
        now = timezone.now()
        for lesson in reopen_lessons:
            apply_changes(lock_current(Lesson.objects, version=None, pk=lesson.pk), {"reopened_at": now})
            lesson.reopened_at = now
            record(action=Action.UPDATE, user=by, obj=lesson, fields=["reopened_at"])
        if review.status != Review.Status.FOLLOWED_UP:
            apply_changes(lock_current(Review.objects, version=None, pk=review.pk),
                          {"status": Review.Status.FOLLOWED_UP})
            review.refresh_from_db()
            record(action=Action.UPDATE, user=by, obj=review, fields=["status"])
        figures_changed(review.authority_id)
    return follow_up
