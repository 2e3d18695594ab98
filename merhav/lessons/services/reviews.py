"""Writes of after-action reviews: create and edit a review, its five sections (optimistic concurrency:
a stale edit raises merhav.core.versioning.StaleVersion, never an overwrite), comments, and the states
draft → held → completed (CEO sign-off) → followed up, with reopening logged.

Every function here is one transaction and writes the audit log. Functions run inside the review's
authority scope themselves, so the API, background tasks and other modules can call them too. Guidance
that warns but never blocks comes back as Result.warnings (merhav.core.results).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core.results import Result
from merhav.core.rows import id_of
from merhav.core.versioning import apply_changes, lock_current
from merhav.tenancy.models import Authority

from .. import guides, invitations
from ..models import Event, Lesson, Question, Review, ReviewGuest, ReviewSection, SectionComment, SectionRevision
from .data_version import data_changed, figures_changed
from .follow_ups import schedule_follow_up

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


def _ids(items: Iterable[User | int | None]) -> list[int]:
    return [id_of(item) for item in items if item is not None]


def check_members(
    authority: Authority | int, *, facilitator: User | int | None = None, participants: Iterable[User | int] = ()
) -> None:
    """Facilitator and participants must be active members of the review's authority."""
    from merhav.tenancy.models import Membership

    authority_id = id_of(authority)
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
    if facilitator is not None and id_of(facilitator) not in members:
        errors["facilitator"] = _("The facilitator must be a member of this authority.")
    if set(_ids(participants)) - members:
        errors["participants"] = _("Participants must be members of this authority.")
    if errors:
        raise ValidationError(errors)


def require_open(review: Review) -> None:
    if review.is_locked:
        raise ValidationError(_("This review is completed and read-only. The CEO can reopen it for editing."))


Guest = tuple[str, str]  # a participant who is not a user: (name, role)


def _clean_guests(guests: Iterable[Guest]) -> list[Guest]:
    cleaned = []
    for name, role in guests:
        name, role = (name or "").strip()[:150], (role or "").strip()[:200]
        if name:
            cleaned.append((name, role))
    return cleaned


def _set_guests(review: Review, guests: list[Guest]) -> bool:
    """Replace the review's guests; True when they changed."""
    stored = [(g.name, g.role) for g in ReviewGuest.objects.filter(review=review)]
    if stored == guests:
        return False
    ReviewGuest.objects.filter(review=review).delete()
    ReviewGuest.objects.bulk_create(
        [ReviewGuest(authority_id=review.authority_id, review=review, name=n, role=r) for n, r in guests]
    )
    return True


def _audit(*, action: str, obj: Review | ReviewSection | SectionComment, by: User | None,
           fields: Iterable[str] = ()) -> None:
    record(action=action, user=by, obj=obj, fields=fields)


def _warnings(review: Review) -> list[str]:
    return list(review_warnings(review).values())


# --- Reviews ---------------------------------------------------------------------------------------------


def create_review(
    *,
    event: Event | None,
    title: str,
    by: User,
    meeting_date: date | None = None,
    facilitator: User | None = None,
    participants: Iterable[User] = (),
    meeting_time: time | None = None,
    meeting_place: str = "",
    guests: Iterable[Guest] = (),
) -> Result[Review]:
    """Create a review of one event, with its five (empty) sections, and invite its participants (an in-app
    notification, an email, and a calendar invitation for a meeting still to come).

    The meeting date defaults to the proposed one (the event's end + 2 days). Dates outside 2–3 days and
    participant counts outside 4–8 are allowed: they come back as the result's warnings.
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
            meeting_time=meeting_time,
            meeting_place=(meeting_place or "").strip()[:200],
            facilitator=facilitator,
            created_by=by,
        )
        if participants:
            review.participants.set(participants)
        guest_list = _clean_guests(guests)
        if guest_list:
            _set_guests(review, guest_list)
        ReviewSection.objects.bulk_create(
            [ReviewSection(authority_id=event.authority_id, review=review, question=q) for q in Question]
        )
        fields = ["event", "title", "meeting_date"]
        fields += ["facilitator"] if facilitator else []
        fields += ["participants"] if participants else []
        fields += ["meeting_time"] if meeting_time else []
        fields += ["meeting_place"] if review.meeting_place else []
        fields += ["guests"] if guest_list else []
        _audit(action=Action.CREATE, obj=review, by=by, fields=fields)
        figures_changed(event.authority_id)
        invitations.invite(review, participants)
        warnings = _warnings(review)
    return Result(review, warnings)


def update_review(
    *,
    review: Review,
    by: User,
    version: int,
    title: str,
    meeting_date: date | None,
    facilitator: User | None = None,
    participants: Iterable[User] = (),
    meeting_time: time | None = None,
    meeting_place: str = "",
    guests: Iterable[Guest] | None = None,
) -> Result[Review]:
    """Edit the meeting details of an open review. A stale version raises StaleVersion (nothing is saved).

    People added are invited; when the meeting moves (date, time or place) the others get the updated
    invitation; people removed get its cancellation. Guests (None: unchanged) are replaced."""
    require_open(review)
    participants = list(participants)
    check_members(review.authority_id, facilitator=facilitator, participants=participants)
    with transaction.atomic(), scope(authority=review.authority_id):
        current = lock_current(Review.objects, version=version, pk=review.pk)
        require_open(current)
        new_participants = set(_ids(participants))
        before = {user.pk: user for user in current.participants.all()}
        participants_changed = new_participants != set(before)
        if participants_changed:
            current.participants.set(new_participants)
        also = ["participants"] if participants_changed else []
        if guests is not None and _set_guests(current, _clean_guests(guests)):
            also.append("guests")
        changes = {
            "title": (title or "").strip()[:200] or current.title,
            "meeting_date": meeting_date,
            "meeting_time": meeting_time,
            "meeting_place": (meeting_place or "").strip()[:200],
            "facilitator_id": id_of(facilitator) if facilitator is not None else None,
        }
        removed = [user for pk, user in before.items() if pk not in new_participants]
        moved = {"meeting_date", "meeting_time", "meeting_place"} & {
            name for name, value in changes.items() if getattr(current, name) != value
        }
        if moved or removed:
            changes["invitation_sequence"] = current.invitation_sequence + 1
        fields = apply_changes(current, changes, also=also)
        fields = [name for name in fields if name != "invitation_sequence"]
        if fields:
            _audit(action=Action.UPDATE, obj=current, by=by, fields=fields)
        added = [user for user in current.participants.all() if user.pk not in before]
        invitations.invite(current, added)
        invitations.removed(current, removed)
        if moved:
            invitations.moved(current, [user for pk, user in before.items() if pk in new_participants])
        if "meeting_date" in fields:  # its lessons' dates (and the reviews held on time)
            data_changed(current.authority_id)
        warnings = _warnings(current)
    return Result(current, warnings)


def save_section(*, review: Review, question: int, text: str, version: int, by: User) -> ReviewSection:
    """Save one answer of the review if nobody saved it since `version`; else raise StaleVersion with the
    stored section (its text, version, who saved it and when).

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
        rows = ReviewSection.objects.select_related("updated_by").select_for_update(of=("self",))
        section = lock_current(rows, version=version, pk=section.pk)
        if section.text == text:
            return section
        apply_changes(section, {"text": text, "updated_by_id": getattr(by, "pk", None)})
        # The text at this version: the common base when someone who started from it saves later.
        SectionRevision.objects.create(authority_id=review.authority_id, section=section,
                                       version=section.version, text=text)
        _audit(action=Action.UPDATE, obj=section, by=by, fields=["text"])
    return section


def add_comment(*, section: ReviewSection, text: str, by: User) -> SectionComment:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    with transaction.atomic(), scope(authority=section.authority_id):
        comment = SectionComment.objects.create(
            authority_id=section.authority_id, section=section, author=by, text=text
        )
        _audit(action=Action.CREATE, obj=comment, by=by, fields=["text"])
    return comment


def delete_comment(*, comment: SectionComment, by: User) -> None:
    with transaction.atomic(), scope(authority=comment.authority_id):
        _audit(action=Action.DELETE, obj=comment, by=by, fields=["text"])
        comment.delete()


# --- States ----------------------------------------------------------------------------------------------


def _locked_copy(review: Review) -> Review:
    return lock_current(Review.objects, version=None, pk=review.pk)


def check_held_on(review: Review, held_on: date) -> None:
    """The day a meeting was held: not in the future, not before its event started."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The meeting cannot have been held in the future: enter the day it "
                                            "took place (today or earlier).")})
    if held_on < review.event.starts_on:
        raise ValidationError({"held_on": _("The meeting cannot have been held before the event started (%(date)s).")
                               % {"date": date_format(review.event.starts_on, "SHORT_DATE_FORMAT")}})


def mark_review_held(*, review: Review, by: User, held_on: date | None = None) -> Review:
    """draft → held: the meeting took place (the facilitator or the CEO says so), on `held_on` (default:
    today; never in the future). The oversight figures count "held within 3 days" from that day."""
    held_on = held_on or timezone.localdate()
    with transaction.atomic(), scope(authority=review.authority_id):
        current = _locked_copy(review)
        if current.status != Review.Status.DRAFT:
            raise ValidationError(_("Only a draft review can be marked as held."))
        check_held_on(current, held_on)
        apply_changes(current, {"status": Review.Status.HELD, "held_at": timezone.now(), "held_on": held_on})
        _audit(action=Action.UPDATE, obj=current, by=by, fields=["status", "held_at", "held_on"])
        figures_changed(current.authority_id)
    return current


def complete_review(*, review: Review, by: User) -> Result[Review]:
    """held → completed: the CEO's sign-off. Refused with no key lesson; fewer than three only warns.

    Schedules the follow-up (about a month later); the warnings to show come back with the review.
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
        apply_changes(current, {"status": Review.Status.COMPLETED, "completed_at": now, "completed_by": by})
        schedule_follow_up(review=current, by=by)
        current.refresh_from_db()
        if current.follow_up_due is None:  # the follow-up module always sets it; keep the rule if it does not
            current.follow_up_due = timezone.localdate(now) + timedelta(days=settings.MERHAV_FOLLOW_UP_DAYS)
            current.save(update_fields=["follow_up_due"])
        _audit(
            action=Action.UPDATE,
            obj=current,
            by=by,
            fields=["status", "completed_at", "completed_by", "follow_up_due"],
        )
        figures_changed(current.authority_id)
    warning = key_lessons_warning(key_count)
    return Result(current, [warning] if warning else [])


def reopen_review(*, review: Review, by: User) -> Review:
    """completed (or followed up) → held, for editing. Counted and written to the audit log."""
    with transaction.atomic(), scope(authority=review.authority_id):
        current = _locked_copy(review)
        if not current.is_locked:
            raise ValidationError(_("Only a completed review can be reopened."))
        apply_changes(current, {"status": Review.Status.HELD, "reopen_count": current.reopen_count + 1})
        _audit(action=Action.UPDATE, obj=current, by=by, fields=["status", "reopen_count"])
        figures_changed(current.authority_id)
    return current
