"""Reviews: list (by status), create from an event, read with the five sections, update the meeting details,
save a section (a stale version is a 409 with both texts), and the transitions hold / complete / reopen."""

from datetime import date, datetime
from functools import partial
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from merhav.core.api.errors import ErrorOut
from merhav.core.api.input import choices_of
from merhav.core.api.output import Out
from merhav.core.api.pagination import Pages, Rows
from merhav.core.choices import label
from merhav.core.results import Result
from merhav.core.versioning import StaleVersion
from merhav.tenancy.access import authority_access, check

from ..models import Event, Question, Review, ReviewSection
from ..selectors import reviews as selectors
from ..services import reviews as services
from . import router
from .common import (
    BASE,
    LessonsConflictOut,
    UserRef,
    conflict_body,
    iso,
    one_of,
    plain,
    service_errors,
    some_of,
)


class ReviewFilters(Schema):
    status: choices_of(Review.Status) | None = None  # type: ignore[valid-type]
    kind: str = Field("", description="The event's kind.")
    date_from: date | None = Field(None, description="Meeting on or after this day.")
    date_to: date | None = Field(None, description="Meeting on or before this day.")
    event_id: int | None = None


class ReviewIn(Schema):
    event_id: int | None = Field(None, description="Required: a review learns from one concrete event.")
    title: str = Field("", max_length=200, description="Empty: the event's title.")
    meeting_date: date | None = Field(None, description="Empty: proposed, two days after the event ended.")
    facilitator_id: int | None = None
    participant_ids: list[int] = Field(default_factory=list)


class ReviewPatch(Schema):
    version: int
    title: str | None = Field(None, max_length=200)
    meeting_date: date | None = None
    facilitator_id: int | None = None
    participant_ids: list[int] | None = None


class ReviewOut(Out):
    id: int
    event_id: int
    event_title: str = Field(alias="event.title")
    event_kind: str = Field(alias="event.kind")
    title: str
    meeting_date: date | None
    facilitator: UserRef | None
    status: str
    status_label: str
    held_at: datetime | None
    completed_at: datetime | None
    follow_up_due: date | None
    reopen_count: int
    lesson_count: int | None = Field(None, description="In lists only.")
    key_lesson_count: int | None = Field(None, description="In lists only.")
    action_count: int | None = Field(None, description="In lists only.")
    version: int

    @staticmethod
    def resolve_status_label(review: Review) -> str:
        return label(Review.Status, review.status)


class CommentOut(Out):
    id: int
    author: UserRef | None
    text: str
    created_at: datetime


class SectionOut(Out):
    question: int = Field(..., description="1 the goal, 2 what happened, 3 what should have happened, "
                                           "4 the lesson, 5 the next step.")
    prompt: str
    text: str
    version: int
    updated_by: UserRef | None
    updated_at: datetime | None
    comments: list[CommentOut]

    @staticmethod
    def resolve_prompt(section: ReviewSection) -> str:
        return str(Question(section.question).label)

    @staticmethod
    def resolve_updated_by(section: ReviewSection) -> Any:
        return section.updated_by if section.updated_by_id else None

    @staticmethod
    def resolve_updated_at(section: ReviewSection) -> datetime | None:
        return section.updated_at if section.pk else None  # a section never saved has no change to date

    @staticmethod
    def resolve_comments(section: ReviewSection) -> list[Any]:
        return section.comment_list


class ReviewDetailOut(ReviewOut):
    participants: list[UserRef]
    sections: list[SectionOut]
    warnings: dict[str, str] = Field(description="Guidance that warns but does not block, by field.")

    @staticmethod
    def resolve_participants(review: Review) -> list[Any]:
        return list(review.participants.all())  # prefetched

    @staticmethod
    def resolve_sections(review: Review) -> list[ReviewSection]:
        return selectors.sections(review.authority_id, review)

    @staticmethod
    def resolve_warnings(review: Review) -> dict[str, str]:
        return services.review_warnings(review)


class SectionIn(Schema):
    text: str
    version: int = Field(..., description="The version of the section the text was edited from.")


class TransitionOut(Schema):
    review: ReviewOut
    warnings: list[str]


def load_review(authority, review_id: int) -> Review:
    """The review inside the current scope (404 when it is not the authority's), participants prefetched."""
    return get_object_or_404(selectors.review_detail(authority, review_id))


def _members(authority):
    return selectors.member_users(authority)


@router.get(f"{BASE}/reviews", response=list[ReviewOut], summary="List reviews")
@paginate(Pages)
def list_reviews(request, authority_slug: str, filters: Query[ReviewFilters]):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        event = None
        if filters.event_id is not None:
            event = Event.objects.filter(authority=authority, pk=filters.event_id).first()
            if event is None:
                return Review.objects.none()
        queryset = selectors.reviews(
            authority, status=filters.status or "", kind=filters.kind, date_from=filters.date_from,
            date_to=filters.date_to, event=event,
        )
        return Rows(queryset, then=partial(selectors.with_counts, authority))


@router.post(f"{BASE}/reviews", response={201: ReviewDetailOut, 422: ErrorOut}, summary="Create a review of an event")
def create_review(request, authority_slug: str, payload: ReviewIn):
    with authority_access(request, authority_slug, "lessons.create_review") as authority:
        event = one_of(Event.objects.filter(authority=authority), payload.event_id, "event_id",
                       _("Choose an event of this authority."))
        members = _members(authority)
        facilitator = one_of(members, payload.facilitator_id, "facilitator_id",
                             _("The facilitator must be a member of this authority."))
        participants = some_of(members, payload.participant_ids, "participant_ids",
                               _("Participants must be members of this authority."))
        with service_errors():
            result = services.create_review(
                event=event, title=payload.title, by=request.user, meeting_date=payload.meeting_date,
                facilitator=facilitator, participants=participants,
            )
        return Status(201, ReviewDetailOut.from_orm(load_review(request.authority, result.value.pk)))


@router.get(f"{BASE}/reviews/{{int:review_id}}", response=ReviewDetailOut, summary="Read a review with its sections")
def get_review(request, authority_slug: str, review_id: int):
    with authority_access(request, authority_slug, "lessons.view"):
        return ReviewDetailOut.from_orm(load_review(request.authority, review_id))


@router.patch(
    f"{BASE}/reviews/{{int:review_id}}", response={200: ReviewDetailOut, 409: LessonsConflictOut, 422: ErrorOut},
    summary="Update a review's meeting details",
)
def update_review(request, authority_slug: str, review_id: int, payload: ReviewPatch):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        review = load_review(request.authority, review_id)
        check(request, "lessons.edit_review", review)
        sent = payload.dict(exclude_unset=True)
        members = _members(authority)
        facilitator = review.facilitator
        if "facilitator_id" in sent:
            facilitator = one_of(members, payload.facilitator_id, "facilitator_id",
                                 _("The facilitator must be a member of this authority."))
        participants = list(review.participants.all())
        if payload.participant_ids is not None:
            participants = some_of(members, payload.participant_ids, "participant_ids",
                                   _("Participants must be members of this authority."))
        try:
            with service_errors():
                services.update_review(
                    review=review, by=request.user, version=payload.version,
                    title=sent.get("title", review.title),
                    meeting_date=sent["meeting_date"] if "meeting_date" in sent else review.meeting_date,
                    facilitator=facilitator, participants=participants,
                    # Not in the API's schema (yet): kept as the pages set them.
                    meeting_time=review.meeting_time, meeting_place=review.meeting_place,
                )
        except StaleVersion as stale:
            current = load_review(request.authority, stale.current.pk)
            yours = {k: iso(v) if isinstance(v, date) else v for k, v in sent.items()}
            return Status(409, conflict_body(yours=yours, current=plain(ReviewOut.from_orm(current))))
        return ReviewDetailOut.from_orm(load_review(request.authority, review_id))


def _question(question: int) -> Question:
    try:
        return Question(question)
    except ValueError:
        raise Http404("No such question.")


@router.get(f"{BASE}/reviews/{{int:review_id}}/sections/{{int:question}}", response=SectionOut,
            summary="Read one section")
def get_section(request, authority_slug: str, review_id: int, question: int):
    with authority_access(request, authority_slug, "lessons.view"):
        review = load_review(request.authority, review_id)
        return SectionOut.from_orm(selectors.sections(review.authority_id, review)[_question(question) - 1])


@router.put(
    f"{BASE}/reviews/{{int:review_id}}/sections/{{int:question}}",
    response={200: SectionOut, 409: LessonsConflictOut, 422: ErrorOut},
    summary="Save one section (optimistic: send the version you edited)",
    description="When someone saved the section after `version`, nothing is saved and the answer is 409 with "
    "`yours` (the text sent) and `current` (the stored text, its version, who saved it and when): merge the "
    "two and save again with the current version.",
)
def save_section(request, authority_slug: str, review_id: int, question: int, payload: SectionIn):
    with authority_access(request, authority_slug, "lessons.view"):
        review = load_review(request.authority, review_id)
        question = _question(question)
        check(request, "lessons.edit_review", review)
        try:
            with service_errors():
                services.save_section(review=review, question=question, text=payload.text,
                                      version=payload.version, by=request.user)
        except StaleVersion as conflict:
            current = conflict.current
            current.comment_list = []
            stored = plain(SectionOut.from_orm(current))
            stored.pop("comments")
            return Status(409, conflict_body(
                field="text",
                yours={"text": payload.text, "version": payload.version},
                current=stored,
            ))
        return SectionOut.from_orm(selectors.sections(review.authority_id, review)[question - 1])


def _transition(request, authority_slug: str, review_id: int, permission: str, action) -> dict:
    with authority_access(request, authority_slug, "lessons.view"):
        review = load_review(request.authority, review_id)
        check(request, permission, review)
        with service_errors():
            result = action(review=review, by=request.user)
        warnings = result.warnings if isinstance(result, Result) else []
        return {"review": load_review(request.authority, review_id), "warnings": warnings}


@router.post(f"{BASE}/reviews/{{int:review_id}}/hold", response={200: TransitionOut, 422: ErrorOut},
             summary="Mark a draft review as held")
def hold_review(request, authority_slug: str, review_id: int):
    return _transition(request, authority_slug, review_id, "lessons.hold_review", services.mark_review_held)


@router.post(f"{BASE}/reviews/{{int:review_id}}/complete", response={200: TransitionOut, 422: ErrorOut},
             summary="Complete a held review (the CEO's sign-off)")
def complete_review(request, authority_slug: str, review_id: int):
    return _transition(request, authority_slug, review_id, "lessons.complete_review", services.complete_review)


@router.post(f"{BASE}/reviews/{{int:review_id}}/reopen", response={200: TransitionOut, 422: ErrorOut},
             summary="Reopen a completed review for editing (logged)")
def reopen_review(request, authority_slug: str, review_id: int):
    return _transition(request, authority_slug, review_id, "lessons.reopen_review", services.reopen_review)


