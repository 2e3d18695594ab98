"""The follow-up a month after completion: the facilitator and the CEO are reminded, and it is recorded."""

from datetime import datetime, time, timedelta

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.lessons.models import ActionItem, FollowUp, FollowUpItem, Lesson, Review
from merhav.lessons.services.follow_ups import schedule_follow_up
from merhav.lessons.tasks import send_follow_up_reminders
from merhav.notify.models import Notification
from merhav.tenancy.roles import Role

from .factories import ActionItemFactory, LessonFactory, ReviewFactory
from .support import complete


def at(day):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def follow_up_url(authority, review):
    return reverse("lessons:follow_up", kwargs={"authority_slug": authority.slug, "review_id": review.pk})


def remind(run_tasks):
    send_follow_up_reminders.enqueue()
    run_tasks()


def completed_review(authority, ceo, facilitator, staff):
    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=facilitator,
                           participants=[facilitator, staff])
    lesson = LessonFactory(review=review, is_key=True)
    action = ActionItemFactory(review=review, owner=staff, lesson=lesson)
    complete(review, by=ceo)
    schedule_follow_up(review=review, by=ceo)
    return review, lesson, action


def test_completion_schedules_the_follow_up_a_month_later(authority, ceo, staff):
    review, _lesson, _action = completed_review(authority, ceo, staff, staff)
    with scope(authority=authority):
        follow_up = FollowUp.objects.get(review=review)
        review.refresh_from_db()
    assert follow_up.due_date == timezone.localdate() + timedelta(days=30)
    assert review.follow_up_due == follow_up.due_date
    schedule_follow_up(review=review)  # idempotent
    with scope(authority=authority):
        assert FollowUp.objects.filter(review=review).count() == 1


def test_the_number_of_days_is_a_setting(settings, authority, ceo, staff):
    settings.MERHAV_FOLLOW_UP_DAYS = 14
    review, _lesson, _action = completed_review(authority, ceo, staff, staff)
    assert review.follow_up_due == timezone.localdate() + timedelta(days=14)


def test_completing_a_review_through_the_review_service_schedules_the_follow_up(authority, ceo, staff):
    from merhav.lessons.services.reviews import complete_review

    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=staff)
    LessonFactory(review=review, is_key=True)
    complete_review(review=review, by=ceo)
    with scope(authority=authority):
        assert FollowUp.objects.get(review=review).due_date == timezone.localdate() + timedelta(days=30)


def test_a_month_later_the_facilitator_and_the_ceo_are_reminded_and_the_follow_up_is_recorded(
    login, authority, ceo, make_user, staff, run_tasks
):
    facilitator = make_user(authority=authority, role=Role.STAFF, full_name="מנחה התחקיר")
    review, lesson, action = completed_review(authority, ceo, facilitator, staff)
    today = timezone.localdate()

    with time_machine.travel(at(today + timedelta(days=29)), tick=False):
        remind(run_tasks)
        assert not Notification.objects.filter(kind="lessons.follow_up_due").exists()

    with time_machine.travel(at(today + timedelta(days=30)), tick=False):
        remind(run_tasks)
        remind(run_tasks)
        reminded = sorted(Notification.objects.filter(kind="lessons.follow_up_due").values_list("recipient", flat=True))
        assert reminded == sorted([facilitator.pk, ceo.pk])
        assert sorted(m.to[0] for m in mail.outbox) == sorted([facilitator.email, ceo.email])
        url = follow_up_url(authority, review)
        assert Notification.objects.filter(recipient=ceo, kind="lessons.follow_up_due").get().url == url

        client = login(ceo)
        page = client.get(url)
        assert page.status_code == 200 and action.title in page.content.decode()
        response = client.post(url, {
            "held_on": (today + timedelta(days=30)).isoformat(),
            f"done_{action.pk}": "on",
            f"effect_{action.pk}": "did_not_work",
            f"note_{action.pk}": "ההודעות הוכנו אך המוקד עדיין הוצף",
            "notes": "נבחן מחדש את הלקח",
            "reopen_lessons": [lesson.pk],
            "version": "1",
        })
        assert response.status_code == 302

    with scope(authority=authority):
        review.refresh_from_db()
        follow_up = FollowUp.objects.get(review=review)
        item = FollowUpItem.objects.get(follow_up=follow_up)
        lesson.refresh_from_db()
    assert review.status == Review.Status.FOLLOWED_UP
    assert (follow_up.status, follow_up.held_on, follow_up.recorded_by) == (
        FollowUp.Status.HELD, today + timedelta(days=30), ceo
    )
    assert (item.action_id, item.was_done, item.effect) == (action.pk, True, FollowUpItem.Effect.DID_NOT_WORK)
    assert lesson.reopened_at is not None
    assert AuditEntry.objects.filter(object_type="lessons.lesson", object_id=str(lesson.pk), fields=["reopened_at"]).exists()

    # Recorded: no more reminders.
    with time_machine.travel(at(today + timedelta(days=31)), tick=False):
        remind(run_tasks)
    assert Notification.objects.filter(kind="lessons.follow_up_due").count() == 2


def test_the_facilitator_may_record_the_follow_up(login, authority, ceo, staff):
    review, _lesson, action = completed_review(authority, ceo, staff, staff)
    response = login(staff).post(follow_up_url(authority, review), {
        "held_on": timezone.localdate().isoformat(), f"effect_{action.pk}": "worked", "version": "1",
    })
    assert response.status_code == 302
    with scope(authority=authority):
        assert Review.objects.get(pk=review.pk).status == Review.Status.FOLLOWED_UP


def test_a_participant_who_is_not_the_facilitator_cannot_record(login, authority, ceo, make_user, staff):
    facilitator = make_user(authority=authority, role=Role.STAFF)
    review, _lesson, action = completed_review(authority, ceo, facilitator, staff)
    url = follow_up_url(authority, review)
    assert login(staff).get(url).context["form"] is None
    response = login(staff).post(url, {"held_on": timezone.localdate().isoformat(), "version": "1"})
    assert response.status_code == 403
    with scope(authority=authority):
        assert Review.objects.get(pk=review.pk).status == Review.Status.COMPLETED


def test_a_draft_review_cannot_be_followed_up(login, authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=staff, status=Review.Status.DRAFT)
    client = login(ceo, language="en")
    assert client.get(follow_up_url(authority, review)).context["form"] is None
    response = client.post(follow_up_url(authority, review), {"held_on": timezone.localdate().isoformat()},
                           follow=True)
    assert "Only a completed review can be followed up." in response.content.decode()
    with scope(authority=authority):
        assert not FollowUp.objects.exists()


def test_a_follow_up_in_the_future_is_refused_beside_the_date(login, authority, ceo, staff):
    review, _lesson, action = completed_review(authority, ceo, staff, staff)
    response = login(ceo, language="en").post(follow_up_url(authority, review), {
        "held_on": (timezone.localdate() + timedelta(days=1)).isoformat(), f"effect_{action.pk}": "partly",
        "version": "1",
    })
    assert response.status_code == 400
    assert response.context["form"].errors["held_on"] == ["The follow-up cannot be recorded for a future date."]


def test_a_second_recording_from_a_stale_form_is_a_conflict(login, authority, ceo, staff):
    review, _lesson, action = completed_review(authority, ceo, staff, staff)
    url = follow_up_url(authority, review)
    data = {"held_on": timezone.localdate().isoformat(), f"effect_{action.pk}": "worked", "notes": "ראשון",
            "version": "1"}
    client = login(ceo, language="en")
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "notes": "שני"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else recorded this follow-up" in body
    assert response.context["form"]["notes"].value() == "שני"  # what the user typed is kept
    assert response.context["form"]["version"].value() == "2"  # saving again is a decision on top of theirs
    assert '<dd dir="auto">ראשון</dd>' in body  # what they recorded, on the conflict screen
    with scope(authority=authority):
        assert FollowUp.objects.get(review=review).notes == "ראשון"


def test_done_defaults_to_the_action_status(login, authority, ceo, staff):
    review, _lesson, action = completed_review(authority, ceo, staff, staff)
    with scope(authority=authority):
        ActionItem.objects.filter(pk=action.pk).update(status=ActionItem.Status.DONE, evidence="x")
        assert Lesson.objects.filter(review=review).exists()
    form = login(ceo).get(follow_up_url(authority, review)).context["form"]
    assert form[f"done_{action.pk}"].value() is True
