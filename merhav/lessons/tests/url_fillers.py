"""The lessons URL kwargs for the tenant isolation crawler and the auditor replay (tests/url_fillers.py
merges the FILLERS of every app's tests/url_fillers.py)."""

from tests.url_fillers import constant, pk_of

FILLERS = {
    "event_id": pk_of("lessons.Event"),
    "review_id": pk_of("lessons.Review"),
    "question": constant(1),
    "lesson_id": pk_of("lessons.Lesson"),
    "action_id": pk_of("lessons.ActionItem"),
    "comment_id": pk_of("lessons.SectionComment"),
    "follow_up_id": pk_of("lessons.FollowUp"),
    "shared_lesson_id": pk_of("lessons.SharedLesson"),  # proposed, not approved: not in the shared library yet
    "group_id": pk_of("lessons.LessonSynonyms"),
}
