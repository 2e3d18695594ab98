"""Creating and editing events by hand, and the event made when an emergency ends."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from merhav.audit.models import AuditEntry
from merhav.lessons.models import Event, EventKind
from merhav.lessons.services.events import create_event_from_emergency
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .factories import EventFactory
from .support import reload, url

EVENT_END = date(2025, 10, 12)  # the events below end on it


def test_staff_creates_an_event_with_its_departments(login, staff, authority):
    welfare = standard_department(authority, StandardDepartment.WELFARE)
    education = standard_department(authority, StandardDepartment.EDUCATION)
    client = login(staff)
    assert client.get(url("event_create", authority)).status_code == 200
    response = client.post(url("event_create", authority), {
        "title": "פתיחת שנת הלימודים", "kind": EventKind.SCHOOL_YEAR, "starts_on": "2025-09-01",
        "ends_on": "2025-09-03", "departments": [welfare.pk, education.pk], "description": "הסעות לא הגיעו",
    })
    with scopes_disabled():
        event = Event.objects.get(authority=authority)
        assert set(event.departments.all()) == {welfare, education}
        entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_type="lessons.event")
    assert response.status_code == 302
    assert response["Location"] == url("event_detail", authority, event_id=event.pk)
    assert (event.kind, event.starts_on, event.ends_on, event.created_by) == (
        EventKind.SCHOOL_YEAR, date(2025, 9, 1), date(2025, 9, 3), staff)
    assert entry.user == staff and "departments" in entry.fields


def test_end_before_start_is_refused_beside_the_field(login, staff, authority):
    response = login(staff, language="en").post(url("event_create", authority), {
        "title": "עבודות תשתית", "kind": EventKind.INFRASTRUCTURE, "starts_on": "2025-09-05", "ends_on": "2025-09-01",
    })
    assert response.status_code == 400
    assert "The end date cannot be before the start date." in response.content.decode()
    assert "עבודות תשתית" in response.content.decode()  # what was typed is kept
    with scopes_disabled():
        assert not Event.objects.exists()


def test_event_page_shows_its_reviews_and_the_start_button(login, staff, authority):
    event = EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1),
                         ends_on=EVENT_END)
    response = login(staff, language="en").get(url("event_detail", authority, event_id=event.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert event.title in body
    assert f"{url('review_create', authority)}?event={event.pk}" in body
    assert "14.10.2025" in body  # proposed meeting: the end (12.10) + 2 days


def test_event_list_filters_by_kind_and_period(login, staff, authority):
    EventFactory(authority=authority, created_by=staff, title="חגיגות-אלפא", kind=EventKind.CULTURAL_EVENT,
                 starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 1))
    EventFactory(authority=authority, created_by=staff, title="קליטה-בטא", kind=EventKind.EMERGENCY,
                 starts_on=date(2025, 10, 1), ends_on=date(2025, 10, 20))
    client = login(staff)
    by_kind = client.get(url("event_list", authority), {"kind": EventKind.CULTURAL_EVENT}).content.decode()
    assert "חגיגות-אלפא" in by_kind and "קליטה-בטא" not in by_kind
    by_period = client.get(url("event_list", authority), {"date_from": "2025-10-15", "date_to": "2025-12-31"})
    assert "קליטה-בטא" in by_period.content.decode() and "חגיגות-אלפא" not in by_period.content.decode()


def test_editing_an_event_with_a_stale_version_does_not_overwrite(login, staff, ceo, authority):
    event = EventFactory(authority=authority, created_by=staff, starts_on=EVENT_END - timedelta(days=1),
                         ends_on=EVENT_END)
    data = {"title": "כותרת של הצוות", "kind": EventKind.EMERGENCY, "starts_on": "2025-10-11",
            "ends_on": "2025-10-12", "version": event.version}
    first = login(ceo).post(url("event_edit", authority, event_id=event.pk), {**data, "title": "כותרת המנכ\"ל"})
    assert first.status_code == 302
    second = login(staff, language="en").post(url("event_edit", authority, event_id=event.pk), data)
    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone else changed this event" in body
    assert "כותרת המנכ&quot;ל" in body  # the stored version, shown on the conflict screen
    assert "כותרת של הצוות" in body  # the user's own title, kept in the form
    assert second.context["form"]["version"].value() == str(event.version + 1)
    assert reload(event).title == "כותרת המנכ\"ל"


def test_event_from_an_emergency_is_created_once(authority):
    first = create_event_from_emergency(authority=authority, title="חירום: הפסקת חשמל", starts_on=date(2025, 10, 1),
                                        ends_on=date(2025, 10, 3), source_ref="emergency:7")
    again = create_event_from_emergency(authority=authority, title="חירום: הפסקת חשמל", starts_on=date(2025, 10, 1),
                                        ends_on=date(2025, 10, 3), source_ref="emergency:7")
    assert first.pk == again.pk
    assert (first.source, first.kind) == (Event.Source.EMERGENCY, EventKind.EMERGENCY)
    with scopes_disabled():
        assert Event.objects.filter(authority=authority).count() == 1


def test_the_database_holds_one_event_per_emergency(authority, other_authority):
    """Two calls that race past the lookup cannot both create: the second insert is refused (and the service
    then returns the first one's event)."""
    create_event_from_emergency(authority=authority, title="חירום", starts_on=date(2025, 10, 1), ends_on=None,
                                source_ref="emergency:8")
    with scopes_disabled():
        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.create(authority=authority, title="שוב", kind=EventKind.EMERGENCY,
                                 starts_on=date(2025, 10, 1), source=Event.Source.EMERGENCY, source_ref="emergency:8")
        # The same reference in another authority, and events made by hand (no reference), are not limited.
        Event.objects.create(authority=other_authority, title="חירום", kind=EventKind.EMERGENCY,
                             starts_on=date(2025, 10, 1), source=Event.Source.EMERGENCY, source_ref="emergency:8")
        for _ in range(2):
            Event.objects.create(authority=authority, title="ידני", kind=EventKind.OTHER, starts_on=date(2025, 10, 1))
