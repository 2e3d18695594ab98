"""Ending an emergency returns the authority to routine and creates the lessons-learned event for it,
through the lessons app's service, with a review meeting proposed two days after the end; the people who
ran it are told. Ending twice creates nothing more."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from merhav.core.context import acting_as
from merhav.lessons.models import Event, EventKind
from merhav.notify.models import Notification

from .. import services
from ..models import Emergency
from ..selectors import active_emergency
from .support import declare, stored, url


def test_ending_creates_the_lessons_event_with_a_proposed_review_date(login, authority, ceo):
    emergency = declare(authority, by=ceo, title="נפילת טיל בעין אור")
    response = login(ceo).post(url("end", authority, emergency_id=emergency.pk), {"version": emergency.version})
    assert response.status_code == 302
    [ended] = stored(Emergency, authority)
    assert not ended.is_active and ended.ended_by == ceo
    with scope(authority=authority):
        event = Event.objects.get(authority=authority)
    today = timezone.localdate()
    assert (event.title, event.kind, event.source, event.source_ref) == (
        "נפילת טיל בעין אור", EventKind.EMERGENCY, Event.Source.EMERGENCY, f"emergency:{ended.pk}")
    assert (event.starts_on, event.ends_on) == (today, today)
    assert ended.lessons_event_id == event.pk
    assert ended.review_proposed_on == today + timedelta(days=2)
    assert active_emergency(authority) is None
    page = login(ceo).get(url("detail", authority, emergency_id=ended.pk)).content.decode()
    assert f"/lessons/events/{event.pk}/" in page


def test_the_people_who_ran_it_are_told_with_the_review_date(authority, ceo, department_head):
    emergency = declare(authority, by=ceo)
    with acting_as(ceo, authority=authority):
        services.end_emergency(emergency=emergency, version=emergency.version)
    told = set(Notification.objects.filter(kind="emergency.ended").values_list("recipient", flat=True))
    assert told == {ceo.pk, department_head.pk}


def test_ending_twice_is_refused_and_makes_one_event(authority, ceo):
    emergency = declare(authority, by=ceo)
    with acting_as(ceo, authority=authority):
        services.end_emergency(emergency=emergency, version=None)
        with pytest.raises(ValidationError):
            services.end_emergency(emergency=emergency, version=None)
    with scope(authority=authority):
        assert Event.objects.filter(authority=authority).count() == 1


def test_after_the_end_a_new_emergency_of_the_same_kind_may_be_declared(authority, ceo):
    emergency = declare(authority, by=ceo)
    with acting_as(ceo, authority=authority):
        services.end_emergency(emergency=emergency, version=None)
    again = declare(authority, by=ceo, title="שוב")
    assert active_emergency(authority) == again


def test_staff_may_not_end_it_and_an_outsider_gets_404(login, authority, ceo, staff, outsider):
    emergency = declare(authority, by=ceo)
    assert login(staff).post(url("end", authority, emergency_id=emergency.pk), {"version": 1}).status_code == 403
    assert login(outsider).post(url("end", authority, emergency_id=emergency.pk), {"version": 1}).status_code == 404
    assert active_emergency(authority) == emergency
