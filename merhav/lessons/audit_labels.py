"""The lessons objects and permissions as the audit log page names them, in the reader's language: a review
by its title, an answer by its review and question, "Action: …", with a link to each. One query per kind
of object on the page (declared in apps.py as the module's audit_objects, permission_labels and audit_words)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from .models import (
    ActionItem,
    Event,
    FollowUp,
    Lesson,
    LessonSynonyms,
    Question,
    Review,
    ReviewSection,
    SectionComment,
    SharedLesson,
)

Described = dict[tuple[str, str], tuple[str, str]]

# What the services record besides fields: the relations they set.
WORDS = {
    "items": gettext_lazy("follow-up items"),
    "guests": gettext_lazy("participants without an account"),
}

PERMISSIONS = {
    "lessons.view": gettext_lazy("view the lessons learned"),
    "lessons.create_event": gettext_lazy("create an event"),
    "lessons.edit_event": gettext_lazy("edit an event"),
    "lessons.create_review": gettext_lazy("start a review"),
    "lessons.edit_review": gettext_lazy("edit a review"),
    "lessons.comment": gettext_lazy("comment on a review"),
    "lessons.delete_comment": gettext_lazy("delete a comment"),
    "lessons.hold_review": gettext_lazy("mark a review as held"),
    "lessons.complete_review": gettext_lazy("complete a review (CEO sign-off)"),
    "lessons.reopen_review": gettext_lazy("reopen a completed review"),
    "lessons.manage_actions": gettext_lazy("add or edit action items"),
    "lessons.update_action": gettext_lazy("update an action's status"),
    "lessons.record_follow_up": gettext_lazy("record a follow-up"),
    "lessons.export": gettext_lazy("export a review"),
    "lessons.manage_synonyms": gettext_lazy("edit the synonyms for similar lessons"),
    "lessons.view_oversight": gettext_lazy("view the oversight dashboard"),
    "lessons.propose_shared": gettext_lazy("propose a lesson to the shared library"),
    "lessons.approve_shared": gettext_lazy("approve a lesson for the shared library"),
    "lessons.adopt_shared": gettext_lazy("adopt a lesson from the shared library"),
}


def _short(text: str, length: int = 80) -> str:
    return Truncator(" ".join((text or "").split())).chars(length)


def _ids(refs: dict[str, set[str]], object_type: str) -> list[int]:
    return [int(i) for i in refs.get(object_type, ()) if str(i).isdigit()]


def describe(refs: dict[str, set[str]], authority) -> Described:
    """{(object_type, object_id): (text, url)} for the lessons objects among `refs`."""
    slug = authority.slug
    found: Described = {}

    def url(name: str, **kwargs) -> str:
        return reverse(f"lessons:{name}", kwargs={"authority_slug": slug, **kwargs})

    def put(object_type: str, pk, text: str, link: str) -> None:
        found[(object_type, str(pk))] = (text, link)

    with scope(authority=authority.pk):
        for event in Event.objects.filter(authority=authority, pk__in=_ids(refs, "lessons.event")):
            put("lessons.event", event.pk, _("Event: %(title)s") % {"title": _short(event.title)},
                url("event_detail", event_id=event.pk))
        for review in Review.objects.filter(authority=authority, pk__in=_ids(refs, "lessons.review")):
            put("lessons.review", review.pk, _("Review: %(title)s") % {"title": _short(review.title)},
                url("review_detail", review_id=review.pk))
        sections = ReviewSection.objects.filter(authority=authority, pk__in=_ids(refs, "lessons.reviewsection"))
        for section in sections.select_related("review"):
            put("lessons.reviewsection", section.pk,
                _("Answer to “%(question)s” in the review %(title)s") % {
                    "question": Question(section.question).label, "title": _short(section.review.title, 60)},
                url("section_edit", review_id=section.review_id, question=section.question))
        comments = SectionComment.objects.filter(authority=authority, pk__in=_ids(refs, "lessons.sectioncomment"))
        for comment in comments.select_related("section__review"):
            review = comment.section.review
            put("lessons.sectioncomment", comment.pk,
                _("Comment on “%(question)s” in the review %(title)s") % {
                    "question": Question(comment.section.question).label, "title": _short(review.title, 60)},
                url("review_detail", review_id=review.pk) + f"#q{comment.section.question}-comments")
        for lesson in Lesson.objects.filter(authority=authority, pk__in=_ids(refs, "lessons.lesson")):
            put("lessons.lesson", lesson.pk, _("Lesson: %(text)s") % {"text": _short(lesson.text)},
                url("lesson_edit", lesson_id=lesson.pk))
        for action in ActionItem.objects.filter(authority=authority, pk__in=_ids(refs, "lessons.actionitem")):
            put("lessons.actionitem", action.pk, _("Action: %(title)s") % {"title": _short(action.title)},
                url("action_detail", action_id=action.pk))
        follow_ups = FollowUp.objects.filter(authority=authority, pk__in=_ids(refs, "lessons.followup"))
        for follow_up in follow_ups.select_related("review"):
            put("lessons.followup", follow_up.pk,
                _("Follow-up of the review %(title)s") % {"title": _short(follow_up.review.title, 60)},
                url("follow_up", review_id=follow_up.review_id))
    # The shared library is across authorities: only this authority's own proposals are named here.
    shared = SharedLesson.objects.filter(source_authority=authority, pk__in=_ids(refs, "lessons.sharedlesson"))
    for item in shared:
        put("lessons.sharedlesson", item.pk, _("Shared lesson: %(text)s") % {"text": _short(item.text)},
            url("library_detail", shared_lesson_id=item.pk))
    if "lessons.lessonsynonyms" in refs:
        with scope(authority=authority.pk):
            groups = LessonSynonyms.objects.filter(authority=authority, pk__in=_ids(refs, "lessons.lessonsynonyms"))
            for group in groups:
                put("lessons.lessonsynonyms", group.pk, _("Synonyms: %(words)s") % {"words": _short(group.words)},
                    url("synonyms"))
    if "lessons.oversight" in refs:
        put("lessons.oversight", "", _("The oversight dashboard"), url("oversight"))
    return found
