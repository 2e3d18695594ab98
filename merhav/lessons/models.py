"""Lessons learned: events, after-action reviews (the 5-question model), lessons, action items, follow-ups.

The five answers of a review are five ReviewSection rows, each with its own version, so that two people
editing different questions never conflict, and two editing the same question get a conflict to merge.
"""

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class EventKind(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency or significant drill")
    CULTURAL_EVENT = "cultural_event", _("Independence Day or a large cultural event")
    SCHOOL_YEAR = "school_year", _("Opening of the school year")
    INFRASTRUCTURE = "infrastructure", _("Wide infrastructure works")
    INFRASTRUCTURE_DAMAGE = "infrastructure_damage", _("Damage to infrastructure in an emergency")
    POLICY = "policy", _("A policy or management decision that does not work in practice")
    WORK_PROCESS = "work_process", _("A work process that does not work")
    FRICTION = "friction", _("Ongoing friction between bodies")
    BURNOUT = "burnout", _("A process that works at the price of load and burnout")
    COULD_BE_BETTER = "could_be_better", _("It went fine but could have been better")
    OTHER = "other", _("Other")


class Event(models.Model):
    """Something that happened and is worth learning from: one concrete event or process."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Created by hand")
        EMERGENCY = "emergency", _("End of an emergency")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    departments = models.ManyToManyField(
        "tenancy.Department", verbose_name=_("departments involved"), blank=True, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL, editable=False)
    source_ref = models.CharField(max_length=100, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["Event"]] = ScopedManager(authority="authority")

    # Set on the events of one list page by selectors.reviews.with_review_counts.
    review_count: int

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["authority", "-starts_on"]), models.Index(fields=["authority", "kind"])]
        constraints = [
            # One event per emergency (create_event_from_emergency is idempotent on it, even when two calls race).
            models.UniqueConstraint(
                fields=["authority", "source", "source_ref"], condition=~Q(source_ref=""),
                name="lessons_event_unique_source_ref",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="lessons_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ended_on(self) -> date:
        """The day the event (or its significant stage) ended: the review is proposed 2–3 days later."""
        return self.ends_on or self.starts_on


class Question(models.IntegerChoices):
    GOAL = 1, _("What was the goal?")
    WHAT_HAPPENED = 2, _("What happened?")
    WHAT_SHOULD_HAVE = 3, _("What should have happened?")
    LESSONS = 4, _("What is the lesson?")
    NEXT_STEP = 5, _("What is the next step?")


class Review(models.Model):
    """An after-action review (תחקיר) of one event."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        HELD = "held", _("Held")
        COMPLETED = "completed", _("Completed")
        FOLLOWED_UP = "followed_up", _("Followed up")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="reviews")
    title = models.CharField(_("title"), max_length=200)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    meeting_time = models.TimeField(_("meeting time"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("facilitator"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True, related_name="lesson_reviews"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    held_at = models.DateTimeField(_("marked held at"), null=True, blank=True)
    # The day the meeting actually took place (never in the future): the oversight figures count from it.
    held_on = models.DateField(_("held on"), null=True, blank=True)
    # The iCalendar SEQUENCE of the meeting invitation: raised each time the meeting moves, so that
    # calendars replace the invitation they hold.
    invitation_sequence = models.PositiveIntegerField(default=0, editable=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    follow_up_due = models.DateField(_("follow-up date"), null=True, blank=True)
    reopen_count = models.PositiveIntegerField(_("times reopened"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["Review"]] = ScopedManager(authority="authority")

    # Set on the reviews of one list page by selectors.reviews.with_counts.
    lesson_count: int
    key_lesson_count: int
    action_count: int

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-meeting_date", "-id"]
        indexes = [
            models.Index(fields=["authority", "status"]),
            models.Index(fields=["authority", "-meeting_date"]),
            models.Index(fields=["authority", "follow_up_due"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        """Completed reviews are read-only until reopened (reopening is logged)."""
        return self.status in (self.Status.COMPLETED, self.Status.FOLLOWED_UP)


class ReviewGuest(models.Model):
    """A participant who is not a user: a hotline contractor, a residents' representative, someone from
    another body. A name and a role on the review, no account (and so no invitation by the system)."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)

    objects: ClassVar[models.Manager["ReviewGuest"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("guest participant")
        verbose_name_plural = _("guest participants")
        ordering = ["id"]
        indexes = [models.Index(fields=["authority", "review"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class ReviewSection(models.Model):
    """The answer to one of the five questions of a review, edited by all participants."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sections")
    question = models.PositiveSmallIntegerField(_("question"), choices=Question.choices)
    text = models.TextField(_("answer"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager["ReviewSection"]] = ScopedManager(authority="authority")

    # Set by selectors.reviews.sections: the section's comments, oldest first.
    comment_list: list["SectionComment"]

    class Meta:
        verbose_name = _("review section")
        verbose_name_plural = _("review sections")
        ordering = ["question"]
        constraints = [models.UniqueConstraint(fields=["review", "question"], name="lessons_section_unique_question")]
        indexes = [models.Index(fields=["authority", "review"])]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.question}"


class SectionRevision(models.Model):
    """The text of one section at one version: the common base of a three-way merge when two people
    edited the same answer (merhav.lessons.merge)."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(ReviewSection, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    text = models.TextField(blank=True)

    objects: ClassVar[models.Manager["SectionRevision"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("answer revision")
        verbose_name_plural = _("answer revisions")
        constraints = [models.UniqueConstraint(fields=["section", "version"], name="lessons_revision_unique")]
        indexes = [models.Index(fields=["authority", "section"])]

    def __str__(self) -> str:
        return f"{self.section_id}@{self.version}"


class SectionComment(models.Model):
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(ReviewSection, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager["SectionComment"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["authority", "section"])]

    def __str__(self) -> str:
        return self.text[:50]


class Lesson(models.Model):
    """A lesson (לקח) drawn from a review. Key lessons are the review's up to three system-level ones."""

    class Level(models.TextChoices):
        LOCAL = "local", _("Local")
        SYSTEM = "system", _("System-level")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="lessons")
    text = models.TextField(_("lesson"))
    tags = models.JSONField(_("tags"), default=list, blank=True)
    department = models.ForeignKey(
        "tenancy.Department", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.LOCAL)
    is_key = models.BooleanField(_("key lesson"), default=False)
    # Text normalised for similarity (niqqud/tashkeel stripped, final letters and alef forms unified).
    normalized_text = models.TextField(blank=True, editable=False)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    adopted_from = models.ForeignKey(
        "lessons.SharedLesson", verbose_name=_("adopted from the shared library"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="adoptions",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["Lesson"]] = ScopedManager(authority="authority")

    # Set on the lessons of one list page by selectors.lessons.with_action_counts.
    action_count: int
    # Set by selectors.similar.similar_lessons: how similar to the text typed, and how many lessons of
    # (nearly) the same wording this one stands for.
    similarity: float
    same_wording_count: int

    MAX_KEY_LESSONS = 3

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["-is_key", "id"]
        indexes = [
            models.Index(fields=["authority", "review"]),
            models.Index(fields=["authority", "-created_at"]),
            models.Index(fields=["authority", "department"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    """A concrete corrective action: what, who owns it, by when. Overdue is derived, not stored."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    # Not indexed alone: every index of the table starts with authority_id.
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+", db_index=False)
    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="actions")
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("the lesson it answers"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="actions",
    )
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="lesson_actions",
    )
    owner_department = models.ForeignKey(
        "tenancy.Department", verbose_name=_("owning department"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("When a department owns the action, its head is accountable."),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # Copies kept for the oversight figures, which group 100,000 actions from one covering index instead of
    # joining each to its event and converting each time to a local date (see save() and events.update_event).
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    event_kind = models.CharField(_("event kind"), max_length=32, choices=EventKind.choices, blank=True,
                                  editable=False)
    event_on = models.DateField(_("event date"), null=True, editable=False)  # its end, or its start
    evidence = models.TextField(_("evidence of completion"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["ActionItem"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["authority", "status", "due_date"]),
            models.Index(fields=["authority", "owner", "status"]),
            models.Index(fields=["authority", "owner_department", "status"]),
            # A lesson's actions; "has it an action that was not cancelled" and the done actions answering
            # lessons (the recurring report), from the index alone.
            models.Index(fields=["authority", "lesson", "status", "done_on"], name="lessons_action_lesson_done"),
            # Lists in the default order (due date) without sorting 100,000 rows: the API's list and the
            # filters that keep many rows (all statuses, a department); and a review's actions by due date.
            models.Index(fields=["authority", "due_date", "id"], name="lessons_action_auth_due"),
            models.Index(fields=["authority", "review", "due_date"], name="lessons_action_auth_rev_due"),
            # The dashboard's outcomes grouped by owner, owning department and event kind, from the index alone.
            models.Index(
                fields=["authority", "owner", "owner_department", "event_kind", "status", "due_date", "done_on",
                        "event_on"],
                name="lessons_action_outcomes",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(owner_department__isnull=False),
                name="lessons_action_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.done_on = timezone.localtime(self.done_at).date() if self.done_at else None
        if not self.event_kind:
            self.event_kind, self.event_on = (
                Event._base_manager.filter(reviews__pk=self.review_id)
                .values_list("kind", Coalesce("ends_on", "starts_on")).get()
            )
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        return self.status in self.ACTIVE_STATUSES and self.due_date < timezone.localdate()

    @property
    def done_on_time(self) -> bool | None:
        if self.status != self.Status.DONE or self.done_on is None:
            return None
        return self.done_on <= self.due_date


class FollowUp(models.Model):
    """The control point about a month after the review: was each action done, and did it work."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="follow_up")
    due_date = models.DateField(_("follow-up date"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager["FollowUp"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["authority", "status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.review_id} @ {self.due_date}"


class FollowUpItem(models.Model):
    class Effect(models.TextChoices):
        WORKED = "worked", _("It worked")
        PARTLY = "partly", _("Partly")
        DID_NOT_WORK = "did_not_work", _("It did not work")
        UNKNOWN = "unknown", _("Too early to tell")

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="items")
    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="follow_up_items")
    was_done = models.BooleanField(_("done"), default=False)
    effect = models.CharField(_("did it work?"), max_length=20, choices=Effect.choices, default=Effect.UNKNOWN)
    note = models.TextField(_("note"), blank=True)

    objects: ClassVar[models.Manager["FollowUpItem"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        constraints = [models.UniqueConstraint(fields=["follow_up", "action"], name="lessons_followup_item_unique")]

    def __str__(self) -> str:
        return f"{self.follow_up_id}/{self.action_id}"


class SharedLesson(models.Model):
    """An anonymised copy of a lesson in the library shared by all authorities.

    Explicitly cross-authority: not scoped. The author removes names and personal details; the source
    authority's CEO approves before anyone else can see it.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting CEO approval")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Rejected")

    source_authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    source_lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("lesson"))
    context = models.TextField(_("context"), blank=True, help_text=_("What happened, without names or personal details."))
    event_kind = models.CharField(_("event kind"), max_length=30, choices=EventKind.choices)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    normalized_text = models.TextField(blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("shared lesson")
        verbose_name_plural = _("shared lessons")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["status", "-decided_at"]), models.Index(fields=["source_authority", "status"])]

    def __str__(self) -> str:
        return self.text[:80]


class LessonSynonyms(models.Model):
    """A group of words or phrases the authority treats as one concept when finding similar lessons, beside
    the domain's own list (similarity.DOMAIN_SYNONYMS): e.g. the local name of a neighbourhood's hotline."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    words = models.TextField(_("words and phrases"), help_text=_("Separated by commas, e.g. hotline, 106, call centre."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager["LessonSynonyms"]] = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["id"]
        indexes = [models.Index(fields=["authority", "id"])]

    def __str__(self) -> str:
        return self.words[:80]


class LessonsDataVersion(models.Model):
    """How many times the authority's lessons data (events, reviews, lessons, actions, follow-ups) has
    changed. Every lessons service that changes it adds one in its own transaction, with one
    UPDATE … SET version = version + 1 (analysis.data_changed): two edits committed at once make two
    versions. What is computed from the data is stored with the version it was computed from."""

    authority = models.OneToOneField("tenancy.Authority", on_delete=models.CASCADE, primary_key=True,
                                     related_name="+")
    version = models.PositiveBigIntegerField(default=0)
    # Raised by every lessons write that changes a figure of the oversight dashboard (a superset of the
    # writes that raise `version`): the cached figures are keyed by it (selectors/oversight.py).
    figures_version = models.PositiveBigIntegerField(default=0)

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("lessons data version")
        verbose_name_plural = _("lessons data versions")

    def __str__(self) -> str:
        return f"{self.authority_id}: {self.version}"


class LessonsAnalysis(models.Model):
    """The worker's results for one authority, computed from one data version: the similarity index of
    its lessons' wordings and the recurring-lessons table (NumPy arrays, .npz bytes)."""

    authority = models.OneToOneField("tenancy.Authority", on_delete=models.CASCADE, primary_key=True,
                                     related_name="+")
    version = models.PositiveBigIntegerField()
    built_at = models.DateTimeField()
    index = models.BinaryField()
    recurring = models.BinaryField()

    objects = ScopedManager(authority="authority")

    class Meta:
        verbose_name = _("lessons analysis")
        verbose_name_plural = _("lessons analyses")

    def __str__(self) -> str:
        return f"{self.authority_id}: {self.version}"
