"""Starting a review from its event; a review with no event is refused beside the field."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from merhav.audit.models import AuditEntry
from merhav.lessons.models import Question, Review, ReviewSection
from merhav.lessons.services.reviews import create_review

from .factories import EventFactory
from .support import make_people, url

EVENT_END = date(2025, 10, 12)  # the reviews below are dated from it


def test_the_form_proposes_the_meeting_two_days_after_the_event(login, staff, authority):
    event = EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1),
                         ends_on=EVENT_END)
    response = login(staff).get(url("review_create", authority), {"event": event.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="14.10.2025"' in body  # dd.mm.yyyy, as the field's hint says
    assert f'<option value="{event.pk}" selected>' in body


def test_creating_a_review_from_its_event(login, staff, authority, make_user):
    event = EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1),
                         ends_on=EVENT_END)
    people = make_people(make_user, authority, 4)
    response = login(staff).post(url("review_create", authority), {
        "event": event.pk, "title": "תקשורת ועדכון תושבים", "meeting_date": "2025-10-14",
        "facilitator": staff.pk, "participants": [p.pk for p in people],
    })
    with scopes_disabled():
        review = Review.objects.get(event=event)
        questions = list(ReviewSection.objects.filter(review=review).values_list("question", flat=True))
        logged = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_type="lessons.review").count()
        assert set(review.participants.all()) == set(people)
    assert response.status_code == 302
    assert response["Location"] == url("review_detail", authority, review_id=review.pk)
    assert sorted(questions) == list(Question.values)
    assert (review.status, review.facilitator, review.created_by) == (Review.Status.DRAFT, staff, staff)
    assert logged == 1


def test_a_review_with_no_event_is_refused_beside_the_field(login, staff, authority):
    EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1), ends_on=EVENT_END)
    response = login(staff, language="en").post(url("review_create", authority), {
        "event": "", "title": "תחקיר בלי אירוע", "meeting_date": "2025-10-14",
    })
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose the event this review is about" in body
    assert body.index("Choose the event this review is about") < body.index('name="event"')  # beside the field
    assert "תחקיר בלי אירוע" in body
    with scopes_disabled():
        assert not Review.objects.exists()


def test_the_service_refuses_a_review_with_no_event(staff):
    with pytest.raises(ValidationError) as refused:
        create_review(event=None, title="x", by=staff)
    assert "event" in refused.value.message_dict


def test_participants_must_be_members_of_the_authority(login, staff, outsider, authority):
    event = EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1),
                         ends_on=EVENT_END)
    response = login(staff).post(url("review_create", authority), {
        "event": event.pk, "meeting_date": "2025-10-14", "participants": [staff.pk, outsider.pk],
    })
    assert response.status_code == 400
    with scopes_disabled():
        assert not Review.objects.exists()
    with pytest.raises(ValidationError) as refused:
        create_review(event=event, title="x", by=staff, participants=[outsider])
    assert "participants" in refused.value.message_dict


def test_an_event_of_another_authority_cannot_be_chosen(login, staff, authority, other_authority, outsider):
    foreign = EventFactory(authority=other_authority, created_by=outsider, starts_on=EVENT_END - timedelta(days=1),
                           ends_on=EVENT_END)
    response = login(staff).post(url("review_create", authority), {"event": foreign.pk, "meeting_date": "2025-10-14"})
    assert response.status_code == 400
    with scopes_disabled():
        assert not Review.objects.exists()
