"""Writes on action items: add, edit, change status. Each is one transaction, audit-logged.

Bad input raises django.core.exceptions.ValidationError with a message per field (title, owner,
owner_department, due_date, lesson, status, evidence), so a form shows each beside its field and the
API returns them as they are; nothing is saved half-way. A stale edit (the version the user started
from is no longer the stored one) raises merhav.core.versioning.StaleVersion with the current row:
never an overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core.versioning import apply_changes, lock_current
from merhav.notify.services import send_notification
from merhav.tenancy.models import Department, Membership
from merhav.tenancy.roles import WRITING_ROLES

from ..models import ActionItem, Lesson, Review
from ..selectors.actions import accountable_users, department_heads
from .data_version import data_changed, figures_changed

Status = ActionItem.Status

# Which status may follow which. Reopening a done or cancelled action is allowed (it is logged).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset({Status.IN_PROGRESS, Status.DONE, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.OPEN, Status.DONE, Status.CANCELLED}),
    Status.DONE: frozenset({Status.IN_PROGRESS}),
    Status.CANCELLED: frozenset({Status.OPEN}),
}


def action_url(action: ActionItem, authority_slug: str | None = None) -> str:
    slug = authority_slug or action.authority.slug
    return reverse("lessons:action_detail", kwargs={"authority_slug": slug, "action_id": action.pk})


def _validate(*, review: Review, title: str, due_date: date | None, owner: User | None,
              owner_department: Department | None, lesson: Lesson | None, is_new: bool) -> dict[str, list[str]]:
    """Every problem with the input, by field. Empty when the input is good."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not (title or "").strip():
        add("title", _("Say what has to be done."))
    if due_date is None:
        add("due_date", _("Enter a due date."))
    elif not isinstance(due_date, date):
        add("due_date", _("Enter a valid date."))
    else:
        if review.meeting_date and due_date < review.meeting_date:
            add(
                "due_date",
                _("The due date cannot be before the review's meeting date (%(date)s): an action follows from "
                  "the review.") % {"date": date_format(review.meeting_date, "SHORT_DATE_FORMAT")},
            )
        elif is_new and due_date < timezone.localdate() and not reviews_past_event(review):
            add("due_date", _("The due date of a new action cannot be in the past: the review's meeting is "
                              "today or later."))
    if owner is None and owner_department is None:
        add("owner", _("Choose an owner: a person, or a department whose head is accountable."))
    if owner is not None:
        member = Membership.objects.filter(
            authority_id=review.authority_id, user_id=owner.pk, is_active=True, role__in=WRITING_ROLES
        ).exists()
        if not member or not owner.is_active:
            add("owner", _("The owner must be an active member of this authority who can act (not an auditor or a viewer)."))
    if owner_department is not None:
        if owner_department.authority_id != review.authority_id or not owner_department.is_active:
            add("owner_department", _("The department must be an active department of this authority."))
        elif owner is None and not department_heads(review.authority_id, [owner_department.pk]).get(owner_department.pk):
            add(
                "owner_department",
                _("This department has no head to be accountable. Choose a person as the owner as well."),
            )
    if lesson is not None and lesson.review_id != review.pk:
        add("lesson", _("Choose a lesson of this review."))
    return errors


def reviews_past_event(review: Review) -> bool:
    """A review entered after the fact (its meeting, or its event, is over): its actions may have due dates
    that have passed, as the seed's own example does."""
    day = review.meeting_date or review.event.ended_on
    return day < timezone.localdate()


def due_date_warning(review: Review, due_date: date | None) -> str | None:
    """Said (not refused) when an action of a past event's review is due on a day that has passed."""
    if due_date is None or due_date >= timezone.localdate():
        return None
    return _("The due date %(date)s has passed: the action shows as overdue until it is marked done.") % {
        "date": date_format(due_date, "SHORT_DATE_FORMAT")}


def _notify_assigned(action: ActionItem, people: Iterable[User], *, authority_slug: str) -> None:
    from ..messages import ACTION_ASSIGNED

    url = action_url(action, authority_slug)
    params = {"title": action.title, "due": action.due_date.isoformat()}
    for person in people:
        send_notification(
            recipient=person,
            kind=ACTION_ASSIGNED,
            message=ACTION_ASSIGNED, params=params,
            url=url,
            authority=action.authority,
            dedupe_key=f"action:{action.pk}:assigned:{person.pk}",
        )


def add_action(
    *,
    review: Review,
    title: str,
    due_date: date,
    by: User,
    owner: User | None = None,
    owner_department: Department | None = None,
    lesson: Lesson | None = None,
    description: str = "",
) -> ActionItem:
    """Add an action item to a review and notify whoever answers for it (owner, or the department's head)."""
    with scope(authority=review.authority_id):
        return _add_action(
            review=review, title=title, due_date=due_date, by=by, owner=owner, owner_department=owner_department,
            lesson=lesson, description=description,
        )


def _add_action(*, review: Review, title: str, due_date: date, by: User, owner: User | None,
                owner_department: Department | None, lesson: Lesson | None, description: str) -> ActionItem:
    errors = _validate(
        review=review, title=title, due_date=due_date, owner=owner, owner_department=owner_department,
        lesson=lesson, is_new=True,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = ActionItem.objects.create(
            authority_id=review.authority_id,
            review=review,
            lesson=lesson,
            title=title.strip(),
            description=description,
            owner=owner,
            owner_department=owner_department,
            due_date=due_date,
            created_by=by,
        )
        record(
            action=Action.CREATE, user=by, obj=action,
            fields=["title", "description", "owner", "owner_department", "due_date", "lesson"],
        )
        figures_changed(review.authority_id)
        _notify_assigned(action, accountable_users(action), authority_slug=_slug(review))
    return action


def _slug(review: Review) -> str:
    return review.authority.slug


def _locked(action: ActionItem, *, version: int) -> ActionItem:
    """The action as stored now, locked; StaleVersion (with its owner, department and lesson) if it moved on."""
    rows = ActionItem.objects.select_related("owner", "owner_department", "lesson").select_for_update(of=("self",))
    return lock_current(rows, version=version, pk=action.pk)


def _reloaded(action: ActionItem) -> ActionItem:
    return ActionItem.objects.select_related("authority", "owner", "owner_department", "lesson", "review").get(
        pk=action.pk
    )


def update_action(
    *,
    action: ActionItem,
    by: User,
    version: int,
    title: str,
    due_date: date,
    owner: User | None = None,
    owner_department: Department | None = None,
    lesson: Lesson | None = None,
    description: str = "",
) -> ActionItem:
    """Edit what, owner, due date, lesson and details. New accountable people are notified."""
    with scope(authority=action.authority_id):
        return _update_action(
            action=action, by=by, version=version, title=title, due_date=due_date, owner=owner,
            owner_department=owner_department, lesson=lesson, description=description,
        )


def _update_action(*, action: ActionItem, by: User, version: int, title: str, due_date: date, owner: User | None,
                   owner_department: Department | None, lesson: Lesson | None, description: str) -> ActionItem:
    review = action.review
    errors = _validate(
        review=review, title=title, due_date=due_date, owner=owner, owner_department=owner_department,
        lesson=lesson, is_new=False,
    )
    if errors:
        raise ValidationError(errors)
    new = {
        "title": title.strip(),
        "description": description,
        "owner_id": owner.pk if owner else None,
        "owner_department_id": owner_department.pk if owner_department else None,
        "due_date": due_date,
        "lesson_id": lesson.pk if lesson else None,
    }
    with transaction.atomic():
        current = _locked(action, version=version)
        previously_accountable = {person.pk for person in accountable_users(current)}
        changed = apply_changes(current, new)
        if not changed:
            return current
        updated = _reloaded(action)
        record(action=Action.UPDATE, user=by, obj=updated, fields=changed)
        if "lesson" in changed and updated.status == Status.DONE:  # what the recurring-lessons report reads
            data_changed(updated.authority_id)
        else:
            figures_changed(updated.authority_id)
        newcomers = [p for p in accountable_users(updated) if p.pk not in previously_accountable]
        if newcomers:
            _notify_assigned(updated, newcomers, authority_slug=updated.authority.slug)
    return updated


def set_action_status(*, action: ActionItem, status: str, by: User, version: int, evidence: str = "") -> ActionItem:
    """Move an action along open → in progress → done (evidence required) / cancelled, or reopen it."""
    with scope(authority=action.authority_id):
        return _set_action_status(action=action, status=status, by=by, version=version, evidence=evidence)


def _set_action_status(*, action: ActionItem, status: str, by: User, version: int, evidence: str) -> ActionItem:
    if status not in Status.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    evidence = (evidence or "").strip()
    with transaction.atomic():
        before = _locked(action, version=version)
        if status == before.status:
            # The only change allowed without a transition: better evidence for a done action.
            if not (status == Status.DONE and evidence and evidence != before.evidence):
                return before
        elif status not in TRANSITIONS[before.status]:
            raise ValidationError(
                {"status": [_("An action that is %(current)s cannot become %(new)s.")
                            % {"current": before.get_status_display(), "new": Status(status).label}]}
            )
        if status == Status.DONE and not evidence:
            raise ValidationError({"evidence": [_("Describe the evidence that the action was done.")]})
        fields: dict[str, Any] = {"status": status}
        if status == Status.DONE:
            fields["evidence"] = evidence
            if before.status != Status.DONE:
                fields["done_at"] = timezone.now()
                fields["done_on"] = timezone.localdate(fields["done_at"])
        elif before.status == Status.DONE:
            fields["done_at"] = fields["done_on"] = None
        changed = [name for name in apply_changes(before, fields) if name != "done_on"]
        updated = _reloaded(action)
        record(action=Action.UPDATE, user=by, obj=updated, fields=changed)
        if "done_at" in fields and updated.lesson_id:  # to or from done: what the recurring-lessons report reads
            data_changed(updated.authority_id)
        else:
            figures_changed(updated.authority_id)
    return updated
