"""API: events — list with kind and period filters, create, read, update (a stale version is a 409)."""

from datetime import date

from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.lessons.models import Event, EventKind
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .api_support import token_api
from .factories import EventFactory


def test_list_filters_by_kind_and_period(authority, staff):
    EventFactory(authority=authority, title="Blackout", starts_on=date(2025, 1, 10), ends_on=date(2025, 1, 12))
    EventFactory(authority=authority, title="School opening", kind=EventKind.SCHOOL_YEAR, starts_on=date(2025, 9, 1),
                 ends_on=None)
    EventFactory(authority=authority, title="Old drill", starts_on=date(2023, 5, 1), ends_on=date(2023, 5, 1))
    api = token_api(staff, authority)

    everything = api.get("events").json()
    assert [e["title"] for e in everything["items"]] == ["School opening", "Blackout", "Old drill"]
    assert everything["next_offset"] is None

    emergencies = api.get("events", {"kind": "emergency"}).json()["items"]
    assert {e["title"] for e in emergencies} == {"Blackout", "Old drill"}

    in_2025 = api.get("events", {"date_from": "2025-01-01", "date_to": "2025-12-31"}).json()["items"]
    assert {e["title"] for e in in_2025} == {"Blackout", "School opening"}


def test_list_is_paginated_with_limit_and_offset(authority, staff):
    for n in range(5):
        EventFactory(authority=authority, title=f"event {n}", starts_on=date(2025, 1, n + 1))
    api = token_api(staff, authority)

    first = api.get("events", {"limit": 2}).json()
    assert [e["title"] for e in first["items"]] == ["event 4", "event 3"]
    assert first["next_offset"] == 2
    last = api.get("events", {"limit": 2, "offset": 4}).json()
    assert [e["title"] for e in last["items"]] == ["event 0"]
    assert last["next_offset"] is None


def test_limit_above_the_maximum_is_refused_with_a_field_message(authority, staff):
    response = token_api(staff, authority).get("events", {"limit": 1000})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]


def test_create_an_event_with_its_departments(authority, staff):
    education = standard_department(authority, StandardDepartment.EDUCATION)
    response = token_api(staff, authority).post("events", {
        "title": "פתיחת שנת הלימודים", "kind": "school_year", "starts_on": "2025-09-01", "ends_on": "2025-09-03",
        "description": "הסעות", "department_ids": [education.pk],
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["department_ids"] == [education.pk]
    assert body["version"] == 1
    with scope(authority=authority):
        event = Event.objects.get(pk=body["id"])
    assert event.created_by == staff
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id=str(event.pk)).exists()


def test_an_event_that_ends_before_it_starts_is_refused_beside_the_field(authority, staff):
    response = token_api(staff, authority).post("events", {
        "title": "x", "kind": "other", "starts_on": "2025-09-03", "ends_on": "2025-09-01",
    })
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["ends_on"]
    with scope(authority=authority):
        assert not Event.objects.exists()


def test_a_department_of_another_authority_is_not_a_choice(authority, other_authority, staff):
    theirs = standard_department(other_authority, StandardDepartment.EDUCATION)
    response = token_api(staff, authority).post("events", {
        "title": "x", "kind": "other", "starts_on": "2025-09-03", "department_ids": [theirs.pk],
    })
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["department_ids"]


def test_an_unknown_kind_is_refused(authority, staff):
    response = token_api(staff, authority).post("events", {"title": "x", "kind": "party", "starts_on": "2025-09-03"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["kind"]


def test_get_and_update_an_event(authority, staff):
    event = EventFactory(authority=authority, title="נפילת טיל בעין אור")
    api = token_api(staff, authority)
    assert api.get(f"events/{event.pk}").json()["title"] == "נפילת טיל בעין אור"

    response = api.patch(f"events/{event.pk}", {"version": 1, "title": "נפילת טיל והפסקת חשמל"})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "נפילת טיל והפסקת חשמל"
    assert response.json()["kind"] == "emergency"  # untouched fields keep their values
    assert response.json()["version"] == 2


def test_a_stale_event_update_is_a_conflict_and_overwrites_nothing(authority, staff, ceo):
    event = EventFactory(authority=authority)
    token_api(ceo, authority).patch(f"events/{event.pk}", {"version": 1, "title": "CEO's title"})

    response = token_api(staff, authority).patch(f"events/{event.pk}", {"version": 1, "title": "Staff's title"})
    assert response.status_code == 409
    body = response.json()
    assert body["yours"]["title"] == "Staff's title"
    assert body["current"]["title"] == "CEO's title"
    assert body["current"]["version"] == 2
    with scope(authority=authority):
        assert Event.objects.get().title == "CEO's title"


def test_another_authoritys_event_is_not_found(authority, other_authority, staff):
    theirs = EventFactory(authority=other_authority)
    assert token_api(staff, authority).get(f"events/{theirs.pk}").status_code == 404
