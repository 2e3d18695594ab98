"""A create form sent twice (a double click, a reload) creates once; the second submit lands on the first
one's result (issue 18, item 11)."""

from datetime import date, timedelta

from django.core import mail
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from merhav.lessons.models import ActionItem, Event, EventKind, Lesson, Review
from merhav.notify.models import Notification
from merhav.ui.tests.submit_once_support import submit_twice, token_of

from .factories import EventFactory, LessonFactory, ReviewFactory
from .support import url


def test_an_event_sent_twice_is_created_once(login, staff, authority):
    first, second = submit_twice(login(staff), url("event_create", authority), {
        "title": "הצפה ברחוב הרצל", "kind": EventKind.EMERGENCY, "starts_on": "2025-11-01", "ends_on": "2025-11-02",
    })
    with scopes_disabled():
        [event] = Event.objects.filter(authority=authority)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == url("event_detail", authority, event_id=event.pk)


def test_an_action_sent_twice_is_created_once_and_its_owner_told_once(
    login, authority, ceo, department_head, run_tasks
):
    review = ReviewFactory(authority=authority, created_by=ceo)
    due = timezone.localdate() + timedelta(days=30)
    first, second = submit_twice(login(ceo), url("action_add", authority, review_id=review.pk), {
        "title": "להכין סט הודעות נצורות", "owner": department_head.pk, "due_date": due.isoformat(),
    })
    with scope(authority=authority):
        [action] = ActionItem.objects.all()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == url("action_detail", authority, action_id=action.pk)
    assert Notification.objects.filter(recipient=department_head).count() == 1
    run_tasks()
    assert len(mail.outbox) == 1


def test_a_review_sent_twice_is_created_once(login, staff, authority):
    event = EventFactory(authority=authority, created_by=staff, starts_on=date(2025, 10, 11),
                         ends_on=date(2025, 10, 12))
    first, second = submit_twice(login(staff), url("review_create", authority), {
        "event": event.pk, "title": "תקשורת ועדכון תושבים", "meeting_date": "2025-10-14", "facilitator": staff.pk,
    })
    with scopes_disabled():
        [review] = Review.objects.filter(event=event)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert str(review.pk) in first.url


def test_a_lesson_sent_twice_is_added_once(login, authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo)
    LessonFactory(review=review, is_key=True)
    first, second = submit_twice(login(ceo), url("lesson_create", authority, review_id=review.pk), {
        "text": "יש לתרגל את מוקד החירום פעמיים בשנה", "tags": "מוקד", "level": Lesson.Level.SYSTEM,
    })
    with scope(authority=authority):
        assert Lesson.objects.filter(review=review, text="יש לתרגל את מוקד החירום פעמיים בשנה").count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url


def test_a_form_whose_first_submit_failed_can_be_sent_again(login, staff, authority):
    """A refused create takes its token back: the corrected form goes through."""
    client = login(staff)
    token = token_of(client.get(url("event_create", authority)))
    data = {"title": "עבודות תשתית", "kind": EventKind.INFRASTRUCTURE, "starts_on": "2025-09-05",
            "submit_token": token}
    assert client.post(url("event_create", authority), {**data, "ends_on": "2025-09-01"}).status_code == 400
    assert client.post(url("event_create", authority), {**data, "ends_on": "2025-09-06"}).status_code == 302
    with scopes_disabled():
        assert Event.objects.filter(authority=authority).count() == 1


def test_another_users_token_does_not_lead_to_their_result(login, staff, ceo, authority):
    client = login(staff)
    token = token_of(client.get(url("event_create", authority)))
    data = {"title": "א", "kind": EventKind.EMERGENCY, "starts_on": "2025-11-01", "ends_on": "2025-11-02",
            "submit_token": token}
    client.post(url("event_create", authority), data)
    other = login(ceo).post(url("event_create", authority), {**data, "title": "ב"})
    # The token is taken: the other user's submit creates nothing and is not told where the first one went.
    with scopes_disabled():
        assert list(Event.objects.filter(authority=authority).values_list("title", flat=True)) == ["א"]
    assert other.status_code == 302 and other.url == url("event_create", authority)
