"""Factories for the lessons module: events, reviews (with their five sections), lessons, action items and
follow-ups. Rows are written inside their authority's scope with the fields the services would fill
(sections, normalised text, the action's event kind), so what a test reads is what the app would have stored.

Dates default to a recent event: it ended three days ago and its review met yesterday (two days after the
end, the proposed date). Pass the dates a test is about.
"""

from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone
from django_scopes import scope

from merhav.accounts.tests.factories import invented
from merhav.lessons.models import ActionItem, Event, EventKind, FollowUp, Lesson, Question, Review, ReviewSection
from merhav.lessons.services.reviews import proposed_meeting_date
from merhav.lessons.similarity import normalize
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import AuthorityFactory, ScopedFactory, standard_department


def aware(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _days_ago(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=days))


def _hebrew_sentence(words: int):
    """Invented Hebrew words (Faker's Hebrew lorem ipsum), as a title or a lesson's text."""
    return factory.LazyFunction(lambda: invented("sentence", "he_IL", nb_words=words).rstrip(".")[:200])


class EventFactory(ScopedFactory):
    """An emergency that ended three days ago. `departments=[...]` sets the departments involved."""

    class Meta:
        model = Event

    authority = factory.SubFactory(AuthorityFactory)
    title = _hebrew_sentence(5)
    kind = EventKind.EMERGENCY
    starts_on = _days_ago(4)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=1))

    @factory.post_generation
    def departments(event, create, extracted, **kwargs):
        if create and extracted:
            with scope(authority=event.authority_id):
                event.departments.set(extracted)


class _FromParent(ScopedFactory):
    """A row that belongs to a parent row: given only the parent, it takes the parent's authority."""

    class Meta:
        abstract = True

    _parent_field = ""

    @classmethod
    def _generate(cls, strategy, params):
        parent = params.get(cls._parent_field)
        if parent is not None and "authority" not in params:
            params["authority"] = parent.authority
        return super()._generate(strategy, params)


class ReviewFactory(_FromParent):
    """A review that was held (status HELD, held_on) on its proposed date, with its five empty sections;
    `draft=True` for one whose meeting has not taken place.

    Given `meeting_date` but no event, the event is dated to match (it ended two days before the meeting).
    `participants=[...]` sets the participants.
    """

    class Meta:
        model = Review

    class Params:
        # As create_review leaves it: the meeting has not taken place yet.
        draft = factory.Trait(status=Review.Status.DRAFT)

    _parent_field = "event"

    authority = factory.SubFactory(AuthorityFactory)
    event = factory.SubFactory(
        EventFactory, authority=factory.SelfAttribute("..authority"), created_by=factory.SelfAttribute("..created_by")
    )
    title = _hebrew_sentence(4)
    meeting_date = factory.LazyAttribute(lambda o: proposed_meeting_date(o.event))
    status = Review.Status.HELD
    held_at = factory.LazyAttribute(
        lambda o: aware(o.meeting_date) if o.status != Review.Status.DRAFT and o.meeting_date else None
    )
    # Held on its meeting date (pass held_on for a meeting held on another day).
    held_on = factory.LazyAttribute(lambda o: o.meeting_date if o.status != Review.Status.DRAFT else None)
    completed_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == Review.Status.COMPLETED else None)
    created_by = None
    facilitator = None

    @classmethod
    def _generate(cls, strategy, params):
        meeting = params.get("meeting_date")
        if meeting is not None and "event" not in params:
            params.setdefault("event__starts_on", meeting - timedelta(days=3))
            params.setdefault("event__ends_on", meeting - timedelta(days=2))
        return super()._generate(strategy, params)

    @factory.post_generation
    def sections(review, create, extracted, **kwargs):
        if create:
            with scope(authority=review.authority_id):
                ReviewSection.objects.bulk_create(
                    [ReviewSection(authority_id=review.authority_id, review=review, question=q) for q in Question]
                )

    @factory.post_generation
    def participants(review, create, extracted, **kwargs):
        if create and extracted:
            with scope(authority=review.authority_id):
                review.participants.set(extracted)


class LessonFactory(_FromParent):
    """A local lesson of a review; `is_key=True` makes it a key, system-level lesson."""

    class Meta:
        model = Lesson

    _parent_field = "review"

    review = factory.SubFactory(ReviewFactory)
    authority = factory.LazyAttribute(lambda o: o.review.authority)
    text = _hebrew_sentence(8)
    normalized_text = factory.LazyAttribute(lambda o: normalize(o.text))
    is_key = False
    level = factory.LazyAttribute(lambda o: Lesson.Level.SYSTEM if o.is_key else Lesson.Level.LOCAL)
    tags = factory.LazyFunction(list)
    department = None


class ActionItemFactory(_FromParent):
    """An open action due in ten days, owned by the authority's security department unless `owner` or
    `owner_department` is given. `done_on=<date>` records it done at noon that day."""

    class Meta:
        model = ActionItem

    class Params:
        done_on = None

    _parent_field = "review"

    review = factory.SubFactory(ReviewFactory)
    authority = factory.LazyAttribute(lambda o: o.review.authority)
    title = _hebrew_sentence(6)
    owner = None
    owner_department = factory.LazyAttribute(
        lambda o: None if o.owner else standard_department(o.authority, StandardDepartment.SECURITY)
    )
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    status = ActionItem.Status.OPEN
    done_at = factory.LazyAttribute(lambda o: aware(o.done_on) if o.done_on else None)


class FollowUpFactory(_FromParent):
    """The review's follow-up, due a month from now; `held_on=<date>` makes it held."""

    class Meta:
        model = FollowUp

    _parent_field = "review"

    review = factory.SubFactory(ReviewFactory)
    authority = factory.LazyAttribute(lambda o: o.review.authority)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    held_on = None
    status = factory.LazyAttribute(lambda o: FollowUp.Status.HELD if o.held_on else FollowUp.Status.SCHEDULED)
