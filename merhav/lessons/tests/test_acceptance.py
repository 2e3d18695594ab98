"""Acceptance of the lessons-learned issue: two of its "Done when" items, walked through the pages in Hebrew.

- test_a_newcomer_runs_the_ein_or_review_in_hebrew proves: "A newcomer can, in Hebrew, create the 'Ein Or'
  review from its event, fill the five questions with a colleague at the same time without losing text, mark
  three key lessons, assign actions, and the owner gets an in-app notification and an email, and sees the due
  date in a calendar file."
- test_a_month_later_the_follow_up_is_reminded_and_recorded proves: "A month later (time moved in the test),
  the follow-up reminder is sent and the follow-up can be recorded."

Every step is a request from a person's own browser (a test client logged in with two-factor passed, the
interface in Hebrew) to the real pages and forms. Services and the ORM are used only to make the people and
to check what was stored. The clock stands at 09:00 tomorrow (time_machine), so that no step straddles
midnight; the second story moves it on a month and runs the background worker as `manage.py run_worker` does.
"""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from icalendar import Calendar

from conftest import verified_login
from merhav.lessons.models import ActionItem, Event, EventKind, FollowUp, FollowUpItem, Lesson, Question, Review
from merhav.lessons.tasks import send_follow_up_reminders
from merhav.notify.management.commands.run_worker import enqueue_due_periodic_jobs
from merhav.notify.models import Notification
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import standard_department

from .support import reload, section, url

TITLE = "הפסקת חשמל בשכונת עין אור"

GOAL_BY_NOA = "להחזיר את החשמל לכל השכונה תוך שעה"
GOAL_BY_ITAI = "לתת לתושבים מידע ברור שמתעדכן כל חצי שעה"
OTHER_ANSWERS = {
    Question.WHAT_HAPPENED: "החשמל חזר אחרי חמש שעות והמוקד העירוני קרס תחת השיחות",
    Question.WHAT_SHOULD_HAVE: "הודעה ראשונה לתושבים בתוך עשרים דקות ומוקד מתוגבר",
    Question.LESSONS: "בלי הודעות נצורות ומוקד מתוגבר התושבים נשארים בלי מידע",
    Question.NEXT_STEP: "להכין הודעות נצורות ולתרגל תגבור של המוקד",
}
LESSONS = [
    "יש להכין מראש הודעות נצורות לפגיעה בתשתיות",
    "המוקד העירוני צריך נוהל תגבור שמופעל בתוך רבע שעה",
    "חברת החשמל ומכלול המידע לציבור צריכים ערוץ קשר ישיר",
    "יש למפות מראש תושבים התלויים בחשמל לציוד רפואי",
]
TOO_MANY_KEY_LESSONS = "בתחקיר הזה כבר יש שלושה לקחים מרכזיים"


# --- The people and the clock ------------------------------------------------------------------------------


@pytest.fixture
def clock():
    """09:00 tomorrow, standing still until the story moves it."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    with time_machine.travel(at_nine(tomorrow), tick=False) as traveller:
        yield traveller


@pytest.fixture
def newcomer(make_user, authority):
    """Noa, new in the security department: she creates the event and the review, and facilitates it."""
    return make_user(authority=authority, role=Role.STAFF, department_kind=StandardDepartment.SECURITY,
                     full_name="נועה לוי")


@pytest.fixture
def colleague(make_user, authority):
    """Itai, who writes the answers with her at the same time."""
    return make_user(authority=authority, role=Role.STAFF, full_name="איתי כהן")


def at_nine(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def browser(user) -> Client:
    """The person's own browser: logged in with two-factor passed, the interface in Hebrew. (conftest's login
    fixture drives one shared client; here two people work at the same time, each in their own browser.)"""
    client = verified_login(Client(), user)
    session = client.session
    session["merhav_language"] = "he"
    session.save()
    return client


# --- Steps through the pages -------------------------------------------------------------------------------


def version_in(page) -> int:
    """The version the page's form carries in its hidden field: what the browser posts back."""
    return page.context["form"]["version"].value()


def create_event(client, authority) -> Event:
    today = timezone.localdate()
    address = url("event_create", authority)
    assert client.get(address).status_code == 200
    response = client.post(address, {
        "title": TITLE,
        "kind": EventKind.EMERGENCY,
        "starts_on": (today - timedelta(days=3)).isoformat(),
        "ends_on": (today - timedelta(days=2)).isoformat(),
        "departments": [standard_department(authority, StandardDepartment.SECURITY).pk],
        "description": "הפסקת חשמל של חמש שעות בכל השכונה, בשעות הערב",
    })
    with scope(authority=authority):
        event = Event.objects.get(title=TITLE)
    assert response.status_code == 302
    assert response.url == url("event_detail", authority, event_id=event.pk)
    return event


def start_review(client, authority, event, *, facilitator, participants) -> Review:
    """From the event's page, "Start a review": the form proposes the event's title and the meeting date."""
    start = f"{url('review_create', authority)}?event={event.pk}"
    assert start in client.get(url("event_detail", authority, event_id=event.pk)).content.decode()
    proposed = client.get(start).context["form"].initial
    assert (proposed["event"], proposed["title"]) == (event, TITLE)
    assert proposed["meeting_date"] == event.ends_on + timedelta(days=2)  # 2–3 days after the event ended
    response = client.post(url("review_create", authority), {
        "event": event.pk,
        "title": proposed["title"],
        "meeting_date": proposed["meeting_date"].isoformat(),
        "facilitator": facilitator.pk,
        "participants": [person.pk for person in participants],
    })
    with scope(authority=authority):
        review = Review.objects.get(event=event)
    assert response.status_code == 302
    assert response.url == url("review_detail", authority, review_id=review.pk)
    return review


def answer(client, authority, review, question: int, text: str) -> None:
    """Open one question's page and save an answer, from the version the page was opened with."""
    address = url("section_edit", authority, review_id=review.pk, question=question)
    page = client.get(address)
    assert client.post(address, {"text": text, "version": version_in(page)}).status_code == 302


def add_lesson(client, authority, review, text: str) -> Lesson:
    response = client.post(url("lesson_create", authority, review_id=review.pk),
                           {"text": text, "tags": "חשמל, מוקד", "level": Lesson.Level.SYSTEM})
    assert response.status_code == 302
    with scope(authority=authority):
        return Lesson.objects.get(review=review, text=text)


def mark_key(client, authority, lesson):
    """The "Mark as key lesson" button beside a lesson on the review page."""
    return client.post(url("lesson_key", authority, lesson_id=lesson.pk), {"is_key": "1"})


def assign_action(client, authority, review, *, lesson, owner, due: date, title: str) -> ActionItem:
    """"Add an action for this lesson" from the review page."""
    address = url("action_add", authority, review_id=review.pk)
    form_page = client.get(f"{address}?lesson={lesson.pk}")
    assert form_page.status_code == 200 and form_page.context["form"].initial["lesson"] == lesson.pk
    response = client.post(address, {
        "title": title, "owner": owner.pk, "due_date": due.isoformat(), "lesson": lesson.pk,
        "description": "לתאם עם מכלול המידע לציבור",
    })
    with scope(authority=authority):
        action = ActionItem.objects.get(review=review, title=title)
    assert response.status_code == 302
    assert response.url == url("action_detail", authority, action_id=action.pk)
    assert (action.owner, action.due_date, action.lesson) == (owner, due, lesson)
    return action


def due_dates_in(ics: bytes) -> dict[str, date]:
    """UID → DTSTART of each event in a calendar file."""
    return {str(event["UID"]): event["DTSTART"].dt for event in Calendar.from_ical(ics).walk("VEVENT")}


def worker_round(run_tasks) -> list[str]:
    """One round of `manage.py run_worker`: enqueue the periodic jobs that are due, then run the queue."""
    enqueued = enqueue_due_periodic_jobs()
    run_tasks()
    return enqueued


# --- Done when, item 1 -------------------------------------------------------------------------------------


def test_a_newcomer_runs_the_ein_or_review_in_hebrew(clock, authority, newcomer, colleague, department_head, ceo,
                                                     run_tasks):
    """Done when: "A newcomer can, in Hebrew, create the 'Ein Or' review from its event, fill the five questions
    with a colleague at the same time without losing text, mark three key lessons, assign actions, and the owner
    gets an in-app notification and an email, and sees the due date in a calendar file."
    """
    noa, itai = browser(newcomer), browser(colleague)
    assert '<html lang="he" dir="rtl">' in noa.get(url("event_list", authority)).content.decode()

    # The event, then its review, from the event's page.
    event = create_event(noa, authority)
    review = start_review(noa, authority, event, facilitator=newcomer,
                          participants=[newcomer, colleague, department_head, ceo])
    assert (review.title, review.facilitator, review.meeting_date) == (TITLE, newcomer, timezone.localdate())

    # Noa and Itai open question 1 at the same time; Noa saves first.
    goal = url("section_edit", authority, review_id=review.pk, question=Question.GOAL)
    noa_page, itai_page = noa.get(goal), itai.get(goal)
    assert version_in(noa_page) == version_in(itai_page)
    assert noa.post(goal, {"text": GOAL_BY_NOA, "version": version_in(noa_page)}).status_code == 302

    # Itai's save is not lost and does not overwrite hers: he gets both texts to merge.
    merge_page = itai.post(goal, {"text": GOAL_BY_ITAI, "version": version_in(itai_page)})
    merge_html = merge_page.content.decode()
    assert merge_page.status_code == 409
    assert "מיזוג שתי הגרסאות" in merge_html
    assert GOAL_BY_NOA in merge_html and GOAL_BY_ITAI in merge_html
    assert section(review, Question.GOAL).text == GOAL_BY_NOA
    merged = merge_page.context["form"]["text"].value()
    assert GOAL_BY_NOA in merged and GOAL_BY_ITAI in merged
    assert itai.post(goal, {"text": merged, "version": version_in(merge_page)}).status_code == 302
    saved = section(review, Question.GOAL)
    assert GOAL_BY_NOA in saved.text and GOAL_BY_ITAI in saved.text and saved.updated_by == colleague

    # The other four questions, between the two of them.
    for question, text in OTHER_ANSWERS.items():
        answer(noa if question % 2 == 0 else itai, authority, review, question, text)
    review_html = noa.get(url("review_detail", authority, review_id=review.pk)).content.decode()
    for text in [GOAL_BY_NOA, GOAL_BY_ITAI, *OTHER_ANSWERS.values()]:
        assert text in review_html
    assert all(section(review, question).text for question in Question)

    # Four system-level lessons; three are marked key from the review page.
    lessons = [add_lesson(noa, authority, review, text) for text in LESSONS]
    for lesson in lessons[:3]:
        assert mark_key(noa, authority, lesson).status_code == 302

    # A fourth is refused: the reason in Hebrew in the lessons part, that lesson marked; nothing is saved.
    refused = mark_key(noa, authority, lessons[3])
    assert refused.status_code == 400
    lessons_part = refused.content.decode().split('id="lessons"', 1)[1].split("</section>", 1)[0]
    assert TOO_MANY_KEY_LESSONS in lessons_part
    assert f'class="lesson lesson--error" id="lesson-{lessons[3].pk}"' in lessons_part
    assert [reload(lesson).is_key for lesson in lessons] == [True, True, True, False]
    assert reload(lessons[3]).version == lessons[3].version

    # Actions, each with an owner and a due date.
    due = timezone.localdate() + timedelta(days=21)
    sealed = assign_action(noa, authority, review, lesson=lessons[0], owner=department_head, due=due,
                           title="להכין סט הודעות נצורות לתושבים")
    hotline = assign_action(noa, authority, review, lesson=lessons[1], owner=colleague,
                            due=timezone.localdate() + timedelta(days=14), title="לכתוב נוהל תגבור של המוקד העירוני")

    # The owner has it in the app at once, in Hebrew, linking to the action…
    assigned = Notification.objects.filter(kind="lessons.action_assigned")
    notification = assigned.get(recipient=department_head)
    assert (notification.kind, notification.title, notification.url) == (
        "lessons.action_assigned", f"משימה חדשה: {sealed.title}",
        url("action_detail", authority, action_id=sealed.pk),
    )
    assert assigned.get(recipient=colleague).title == f"משימה חדשה: {hotline.title}"
    owner = browser(department_head)
    assert notification.title in owner.get(reverse("notify:inbox")).content.decode()

    # …and by email, which the background worker sends.
    assert mail.outbox == []
    run_tasks()
    emails = {message.to[0]: message for message in mail.outbox if message.subject.endswith(notification.title)
              or message.subject.endswith(assigned.get(recipient=colleague).title)}
    assert sorted(emails) == sorted([department_head.email, colleague.email])
    assert notification.title in emails[department_head.email].body
    assert notification.url in emails[department_head.email].body

    # The due date in a calendar file: the action's .ics, and the owner's personal calendar address.
    ics = owner.get(url("action_ics", authority, action_id=sealed.pk))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert due_dates_in(ics.content) == {f"lessons-action-{sealed.pk}@merhav": due}
    owner.post(reverse("accounts:calendar_token_reset"))  # "Make my calendar address" on the account page
    feed_address = owner.get(reverse("accounts:profile")).context["calendar_url"]
    feed = Client().get(feed_address.removeprefix(settings.MERHAV_SITE_URL))  # a calendar app, not logged in
    assert feed.status_code == 200
    in_feed = due_dates_in(feed.content)
    assert in_feed[f"lessons-action-{sealed.pk}@merhav"] == due
    # The review meeting they take part in is there too, with its time.
    assert isinstance(in_feed[f"lessons-review-meeting-{review.pk}@merhav"], datetime)


# --- Done when, item 2 -------------------------------------------------------------------------------------


def test_a_month_later_the_follow_up_is_reminded_and_recorded(clock, authority, newcomer, colleague,
                                                              department_head, ceo, run_tasks):
    """Done when: "A month later (time moved in the test), the follow-up reminder is sent and the follow-up can
    be recorded."

    The Ein Or review is made again through the same pages as in item 1, the CEO signs it off, and the clock
    moves on to its follow-up date.
    """
    noa, itai, boss = browser(newcomer), browser(colleague), browser(ceo)
    event = create_event(noa, authority)
    review = start_review(noa, authority, event, facilitator=newcomer,
                          participants=[newcomer, colleague, department_head, ceo])
    answer(noa, authority, review, Question.GOAL, GOAL_BY_NOA)
    for question, text in OTHER_ANSWERS.items():
        answer(itai, authority, review, question, text)
    lessons = [add_lesson(noa, authority, review, text) for text in LESSONS[:3]]
    for lesson in lessons:
        assert mark_key(noa, authority, lesson).status_code == 302
    today = timezone.localdate()
    sealed = assign_action(noa, authority, review, lesson=lessons[0], owner=department_head,
                           due=today + timedelta(days=21), title="להכין סט הודעות נצורות לתושבים")
    hotline = assign_action(noa, authority, review, lesson=lessons[1], owner=colleague,
                            due=today + timedelta(days=14), title="לכתוב נוהל תגבור של המוקד העירוני")

    # The meeting was held (the facilitator says so); the CEO signs the review off.
    assert noa.post(url("review_hold", authority, review_id=review.pk)).status_code == 302
    signed = boss.post(url("review_complete", authority, review_id=review.pk), follow=True)
    assert signed.status_code == 200 and "התחקיר הושלם ונקבע לו מועד מעקב." in signed.content.decode()
    follow_up_day = timezone.localdate() + timedelta(days=settings.MERHAV_FOLLOW_UP_DAYS)
    review = reload(review)
    assert (review.status, review.completed_by, review.follow_up_due) == (
        Review.Status.COMPLETED, ceo, follow_up_day
    )
    with scope(authority=authority):
        follow_up = FollowUp.objects.get(review=review)
    assert (follow_up.status, follow_up.due_date) == (FollowUp.Status.SCHEDULED, follow_up_day)

    # Ten days on, the owner of the sealed messages signs in and reports them done, with the evidence.
    clock.move_to(at_nine(today + timedelta(days=10)))
    owner = browser(department_head)
    detail = owner.get(url("action_detail", authority, action_id=sealed.pk))
    reported = owner.post(url("action_status", authority, action_id=sealed.pk), {
        "status": ActionItem.Status.DONE, "evidence": "ההודעות אושרו והוזנו למערכת ההפצה",
        "version": detail.context["status_form"]["version"].value(),
    })
    assert reported.status_code == 302 and reload(sealed).status == ActionItem.Status.DONE

    # The day before the follow-up date the worker's rounds remind nobody of it.
    follow_up_page = url("follow_up", authority, review_id=review.pk)
    reminders = Notification.objects.filter(kind="lessons.follow_up_due")
    clock.move_to(at_nine(follow_up_day - timedelta(days=1)))
    assert send_follow_up_reminders.name in worker_round(run_tasks)
    assert not reminders.exists()
    assert not [message for message in mail.outbox if follow_up_page in message.body]

    # A month after the sign-off: the facilitator and the CEO are reminded, in the app and by email.
    clock.move_to(at_nine(follow_up_day))
    assert send_follow_up_reminders.name in worker_round(run_tasks)
    assert sorted(reminders.values_list("recipient", flat=True)) == sorted([newcomer.pk, ceo.pk])
    assert {(n.title, n.url) for n in reminders} == {(f"הגיע מועד המעקב: {TITLE}", follow_up_page)}
    reminder_emails = [message for message in mail.outbox if follow_up_page in message.body]
    assert sorted(message.to[0] for message in reminder_emails) == sorted([newcomer.email, ceo.email])
    assert all(f"הגיע מועד המעקב: {TITLE}" in message.body for message in reminder_emails)

    # Noa signs in again (a session lasts hours, not a month), follows the reminder's link and records, per
    # action, whether it was done and whether it worked.
    noa = browser(newcomer)
    review_html = noa.get(url("review_detail", authority, review_id=review.pk)).content.decode()
    assert '<span class="tag tag--ok">הושלם</span>' in review_html
    page = noa.get(follow_up_page)
    form = page.context["form"]
    assert page.status_code == 200 and form is not None
    assert form[f"done_{sealed.pk}"].value() is True and form[f"done_{hotline.pk}"].value() is False
    recorded = noa.post(follow_up_page, {
        "held_on": follow_up_day.isoformat(),
        "version": form["version"].value(),
        f"done_{sealed.pk}": "on",
        f"effect_{sealed.pk}": FollowUpItem.Effect.WORKED,
        f"note_{sealed.pk}": "בהפסקה האחרונה ההודעה יצאה אחרי עשר דקות",
        f"effect_{hotline.pk}": FollowUpItem.Effect.DID_NOT_WORK,
        f"note_{hotline.pk}": "הנוהל עוד לא נכתב",
        "notes": "נבדוק את נוהל המוקד שוב בעוד חודש",
    }, follow=True)
    assert recorded.status_code == 200 and "המעקב תועד." in recorded.content.decode()

    review, follow_up = reload(review), reload(follow_up)
    assert review.status == Review.Status.FOLLOWED_UP
    assert (follow_up.status, follow_up.held_on, follow_up.recorded_by) == (
        FollowUp.Status.HELD, follow_up_day, newcomer
    )
    with scope(authority=authority):
        items = {item.action_id: (item.was_done, item.effect) for item in follow_up.items.all()}
    assert items == {
        sealed.pk: (True, FollowUpItem.Effect.WORKED),
        hotline.pk: (False, FollowUpItem.Effect.DID_NOT_WORK),
    }
    review_html = noa.get(url("review_detail", authority, review_id=review.pk)).content.decode()
    assert '<span class="tag tag--ok">בוצע מעקב</span>' in review_html

    # Recorded: the next day's rounds remind nobody again.
    clock.move_to(at_nine(follow_up_day + timedelta(days=1)))
    worker_round(run_tasks)
    assert reminders.count() == 2
