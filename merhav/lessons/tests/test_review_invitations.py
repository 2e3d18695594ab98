"""People added to a review are told: an in-app notification, an email whose subject names the meeting,
with its date, time, place and a link to the shared review, and a calendar invitation (a one-hour meeting,
not an all-day date). Moving the meeting updates the invitation; removing someone cancels theirs.
Participants without an account are listed on the review and sent nothing."""

import datetime as dt
from datetime import date, time, timedelta

import pytest
import time_machine
from django.core import mail
from django_scopes import scopes_disabled
from icalendar import Calendar

from merhav.lessons.invitations import KIND_INVITED, KIND_MOVED, KIND_REMOVED
from merhav.lessons.models import Review, ReviewGuest
from merhav.notify.models import Notification
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role

from .factories import EventFactory
from .support import url

TODAY = date(2026, 3, 1)
NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def event(authority, staff):
    return EventFactory(authority=authority, created_by=staff, starts_on=TODAY - timedelta(days=1), ends_on=TODAY)


@pytest.fixture
def people(make_user, authority):
    return [
        make_user(authority=authority, role=Role.DEPARTMENT_HEAD, department_kind=StandardDepartment.ENGINEERING,
                  full_name="Uri Golan", email="uri@city.example", language="en"),
        make_user(authority=authority, role=Role.STAFF, department_kind=StandardDepartment.HOTLINE,
                  full_name="Sahar Azulay", email="sahar@city.example", language="he"),
    ]


def create(client, authority, event, participants, **extra):
    data = {"event": event.pk, "title": "Power cut in Ein Or", "meeting_date": "03.03.2026",
            "meeting_time": "10:30", "meeting_place": "Council room", "participants": [p.pk for p in participants],
            **extra}
    response = client.post(url("review_create", authority), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        return Review.objects.get(event=event)


def edit(client, authority, review, **changes):
    with scopes_disabled():
        review = Review.objects.get(pk=review.pk)
        data = {"title": review.title, "meeting_date": review.meeting_date.strftime("%d.%m.%Y"),
                "meeting_time": review.meeting_time.strftime("%H:%M") if review.meeting_time else "",
                "meeting_place": review.meeting_place, "version": review.version,
                "participants": [p.pk for p in review.participants.all()]}
    data.update(changes)
    response = client.post(url("review_edit", authority, review_id=review.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def invitations_to(address):
    """(METHOD, the VEVENT) of each calendar attachment emailed to `address`, in order."""
    found = []
    for message in mail.outbox:
        if message.to != [address]:
            continue
        for part in message.message().walk():
            if part.get_content_type() == "text/calendar":
                calendar = Calendar.from_ical(part.get_payload(decode=True))
                found.append((str(calendar["method"]), calendar.walk("VEVENT")[0]))
    return found


def test_a_participant_gets_a_notification_an_email_and_a_meeting_invitation(login, staff, authority, event,
                                                                           people, run_tasks):
    review = create(login(staff), authority, event, people)
    uri = people[0]
    notification = Notification.objects.get(recipient=uri, kind=KIND_INVITED)
    assert notification.title == "Review meeting on 03.03: Power cut in Ein Or"
    assert notification.url == url("review_detail", authority, review_id=review.pk)
    run_tasks()
    email = next(m for m in mail.outbox if m.to == [uri.email])
    assert email.subject == "Merhav: Review meeting on 03.03: Power cut in Ein Or"
    assert "03/03/2026" in email.body or "03.03.2026" in email.body
    assert "10:30" in email.body and "Council room" in email.body
    assert "http://testserver" in email.body or url("review_detail", authority, review_id=review.pk) in email.body
    [(method, meeting)] = invitations_to(uri.email)
    assert method == "REQUEST"
    # A meeting with a time (10:30 in Israel = 08:30 UTC), an hour long; not an all-day date.
    assert meeting.decoded("dtstart") == dt.datetime(2026, 3, 3, 8, 30, tzinfo=dt.UTC)
    assert meeting.decoded("dtend") - meeting.decoded("dtstart") == timedelta(hours=1)
    assert str(meeting["location"]) == "Council room"
    assert int(meeting["sequence"]) == 0
    assert str(meeting["attendee"]).lower() == "mailto:uri@city.example"
    assert url("review_detail", authority, review_id=review.pk) in str(meeting["url"])


def test_the_hebrew_speaker_gets_it_in_hebrew(login, staff, authority, event, people, run_tasks):
    create(login(staff), authority, event, people)
    notification = Notification.objects.get(recipient=people[1], kind=KIND_INVITED)
    assert notification.title.startswith("פגישת תחקיר ב-03.03")


def test_moving_the_meeting_updates_the_invitation(login, staff, authority, event, people, run_tasks):
    client = login(staff)
    review = create(client, authority, event, people)
    edit(client, authority, review, meeting_date="04.03.2026", meeting_time="12:00")
    run_tasks()
    [(first, invited), (second, moved)] = invitations_to(people[0].email)
    assert (first, second) == ("REQUEST", "REQUEST")
    assert moved["uid"] == invited["uid"]
    assert int(moved["sequence"]) == int(invited["sequence"]) + 1
    assert moved.decoded("dtstart") == dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
    assert Notification.objects.filter(recipient=people[0], kind=KIND_MOVED).count() == 1


def test_removing_a_participant_cancels_their_invitation(login, staff, authority, event, people, run_tasks):
    client = login(staff)
    review = create(client, authority, event, people)
    edit(client, authority, review, participants=[people[1].pk])
    run_tasks()
    [(_, invited), (method, cancelled)] = invitations_to(people[0].email)
    assert method == "CANCEL" and str(cancelled["status"]) == "CANCELLED"
    assert cancelled["uid"] == invited["uid"] and int(cancelled["sequence"]) > int(invited["sequence"])
    assert Notification.objects.filter(recipient=people[0], kind=KIND_REMOVED).count() == 1
    # The one who stays is not told anything new.
    assert [method for method, _ in invitations_to(people[1].email)] == ["REQUEST"]


def test_a_participant_added_later_is_invited_once(login, staff, authority, event, people, run_tasks):
    client = login(staff)
    review = create(client, authority, event, people[:1])
    edit(client, authority, review, participants=[p.pk for p in people])
    edit(client, authority, review, title="Power cut in Ein Or (2)", participants=[p.pk for p in people])
    assert Notification.objects.filter(recipient=people[1], kind=KIND_INVITED).count() == 1
    assert Notification.objects.filter(recipient=people[0]).count() == 1


def test_a_review_of_a_past_event_tells_people_without_a_calendar_invitation(login, staff, authority, people,
                                                                           run_tasks):
    past = EventFactory(authority=authority, created_by=staff, starts_on=date(2025, 11, 2), ends_on=date(2025, 11, 2))
    create(login(staff), authority, past, people, meeting_date="05.11.2025")
    run_tasks()
    assert Notification.objects.filter(recipient=people[0], kind=KIND_INVITED).exists()
    assert invitations_to(people[0].email) == []


def test_participants_without_an_account_are_listed_and_sent_nothing(login, staff, authority, event, people):
    client = login(staff)
    review = create(client, authority, event, people, guests="Dana Levi – hotline contractor\nAmir Saleh, residents' rep")
    with scopes_disabled():
        guests = [(g.name, g.role) for g in ReviewGuest.objects.filter(review=review)]
    assert guests == [("Dana Levi", "hotline contractor"), ("Amir Saleh", "residents' rep")]
    page = client.get(url("review_detail", authority, review_id=review.pk)).content.decode()
    assert "Dana Levi" in page and "hotline contractor" in page
    assert Notification.objects.count() == len(people)


def test_the_pickers_show_role_and_department(login, staff, authority, event, people):
    page = login(staff, language="en").get(url("review_create", authority), {"event": event.pk}).content.decode()
    assert "Uri Golan · Department head · Engineering" in page
    assert "Sahar Azulay · Staff · Municipal hotline (106)" in page
    assert "Runs the meeting" in page  # what the facilitator does


def test_the_review_is_on_the_participants_dashboard(login, staff, authority, event, people):
    create(login(staff), authority, event, people)
    page = login(people[0], language="en").get(f"/a/{authority.slug}/").content.decode()
    assert "Reviews I take part in" in page and "Power cut in Ein Or" in page


def test_a_stored_invitation_is_shown_in_the_readers_current_language(login, staff, authority, event, people):
    create(login(staff), authority, event, people)
    sahar = people[1]  # invited while her language was Hebrew
    notification = Notification.objects.get(recipient=sahar, kind=KIND_INVITED)
    assert notification.title.startswith("פגישת תחקיר") and notification.message_key == KIND_INVITED
    sahar.language = "ar"
    sahar.save(update_fields=["language"])
    inbox = login(sahar, language="ar").get("/notifications/").content.decode()
    assert "اجتماع مراجعة في 03.03: Power cut in Ein Or" in inbox
    inbox = login(sahar, language="en").get("/notifications/").content.decode()
    assert "Review meeting on 03.03: Power cut in Ein Or" in inbox and "פגישת תחקיר" not in inbox


def test_an_api_edit_keeps_the_meeting_time_and_place(login, staff, authority, event, people):
    from .api_support import token_api

    review = create(login(staff), authority, event, people)
    response = token_api(staff, authority).patch(f"reviews/{review.pk}", {"version": review.version,
                                                                          "title": "New title"})
    assert response.status_code == 200, response.content
    with scopes_disabled():
        stored = Review.objects.get(pk=review.pk)
    assert (stored.title, stored.meeting_time, stored.meeting_place) == ("New title", time(10, 30), "Council room")
    assert not Notification.objects.filter(kind=KIND_MOVED).exists()
