"""Who may do what in lessons learned. Views, templates and the API all ask these rules.

Objects: reviews, action items and lessons carry authority_id, so the tenancy predicates apply to them.
Participants are read from review.participants.all(): prefetch them where many checks run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from merhav.core.users import AnyUser
from merhav.tenancy.policy import can_write, has_role, is_member
from merhav.tenancy.roles import Role

if TYPE_CHECKING:
    from .models import ActionItem, Review


def _review_of(obj: object) -> Review | None:
    """The review an object belongs to (the object itself when it is a review)."""
    from .models import Review

    if obj is None or isinstance(obj, Review):
        return obj
    return getattr(obj, "review", None)


@rules.predicate
def is_facilitator(user: AnyUser, obj: object = None) -> bool:
    review = _review_of(obj)
    return review is not None and review.facilitator_id == user.pk


@rules.predicate
def is_participant(user: AnyUser, obj: object = None) -> bool:
    review = _review_of(obj)
    if review is None or review.pk is None:
        return False
    return review.created_by_id == user.pk or any(p.pk == user.pk for p in review.participants.all())


@rules.predicate
def review_is_open(user: AnyUser, obj: object = None) -> bool:
    review = _review_of(obj)
    return review is not None and not review.is_locked


@rules.predicate
def owns_action(user: AnyUser, action: ActionItem | None = None) -> bool:
    if action is None:
        return False
    if action.owner_id == user.pk:
        return True
    from merhav.tenancy.policy import membership_in

    membership = membership_in(user, action)
    return (
        membership is not None
        and membership.role == Role.DEPARTMENT_HEAD
        and action.owner_department_id is not None
        and membership.department_id == action.owner_department_id
    )


@rules.predicate
def is_comment_author(user: AnyUser, comment: object = None) -> bool:
    return comment is not None and getattr(comment, "author_id", None) == user.pk


is_ceo = has_role(Role.CEO)
may_edit_reviews = can_write & (is_facilitator | is_participant | is_ceo)

rules.add_perm("lessons.view", is_member)
rules.add_perm("lessons.create_event", can_write)
rules.add_perm("lessons.edit_event", can_write)
rules.add_perm("lessons.create_review", can_write)
# On a review (or an object of a review: section, lesson, action).
rules.add_perm("lessons.edit_review", may_edit_reviews & review_is_open)
rules.add_perm("lessons.comment", can_write & (is_facilitator | is_participant | is_ceo))
# On a comment: its author may delete it.
rules.add_perm("lessons.delete_comment", can_write & is_comment_author)
rules.add_perm("lessons.hold_review", can_write & (is_facilitator | is_ceo) & review_is_open)
rules.add_perm("lessons.complete_review", is_ceo)
rules.add_perm("lessons.reopen_review", is_ceo)
rules.add_perm("lessons.manage_actions", may_edit_reviews & review_is_open)
rules.add_perm("lessons.update_action", can_write & (owns_action | is_facilitator | is_ceo))
rules.add_perm("lessons.record_follow_up", can_write & (is_facilitator | is_ceo))
rules.add_perm("lessons.export", is_member)
# The authority's own synonyms for finding similar lessons.
rules.add_perm("lessons.manage_synonyms", can_write & has_role(Role.AUTHORITY_ADMIN, Role.CEO))
# Oversight: the auditor's dashboard and reports.
rules.add_perm("lessons.view_oversight", has_role(Role.AUDITOR, Role.CEO))
# The shared library across authorities.
rules.add_perm("lessons.propose_shared", can_write)
rules.add_perm("lessons.approve_shared", is_ceo)
rules.add_perm("lessons.adopt_shared", can_write)
