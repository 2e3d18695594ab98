"""Duplicates: the same ID number twice is refused (the API too, with the existing record's id); the same
name and birth date is flagged, and a merge keeps every answer of both records."""

from datetime import date

from django_scopes import scope

from merhav.audit.models import AuditEntry

from ..models import Answer, LongTermService, Person
from .factories import ServiceFactory
from .support import (
    EDUCATION,
    ID_1,
    ID_2,
    WELFARE,
    Api,
    add_person,
    add_question,
    answer,
    client_of,
    people,
    take_in,
    url,
)


def test_the_api_refuses_the_same_id_twice_naming_the_existing_record(authority, coordinator):
    existing = take_in(authority, by=coordinator)
    response = Api(coordinator, authority).send("POST", "/households", {
        "origin_locality": "עין אור", "head": {"id_number": ID_1, "first_name": "א", "last_name": "ב"}})
    assert response.status_code == 409
    assert response.json()["existing_person_id"] == existing.pk
    assert len(people(authority)) == 1


def test_the_same_name_and_birth_date_is_flagged(authority, coordinator):
    first = take_in(authority, by=coordinator)
    second = add_person(first.household, by=coordinator, id_number="", relation="other")
    assert second.possible_duplicate_of_id == first.pk
    other = add_person(first.household, by=coordinator, id_number=ID_2, first_name="אחר", relation="child")
    assert other.possible_duplicate_of_id is None


def test_the_coordinator_lists_and_merges_keeping_every_answer(authority, coordinator, welfare, education):
    first = take_in(authority, by=coordinator)
    second = add_person(first.household, by=coordinator, id_number="", relation="other", phone="052-2222222")
    add_question(authority, by=coordinator, section=WELFARE, label="רווחה", key="w")
    add_question(authority, by=coordinator, section=EDUCATION, label="חינוך", key="e")
    answer(first, by=welfare, section=WELFARE, w="מהרשומה הראשונה")
    answer(second, by=welfare, section=WELFARE, w="מהרשומה השנייה")
    answer(second, by=education, section=EDUCATION, e="רק בשנייה")
    ServiceFactory(person=second)
    client = client_of(coordinator, "he")
    listing = client.get(url("duplicates", authority)).content.decode()
    assert url("merge", authority, person_id=second.pk) in listing
    response = client.post(url("merge", authority, person_id=second.pk), {"keep": str(first.pk)})
    assert response.status_code == 302
    [kept] = people(authority)
    assert kept.pk == first.pk and kept.phone == "052-2222222" and kept.possible_duplicate_of_id is None
    with scope(authority=authority):
        answers = sorted(Answer.objects.filter(person=kept).values_list("value", "is_current"))
        assert answers == [("מהרשומה הראשונה", True), ("מהרשומה השנייה", False), ("רק בשנייה", True)]
        assert LongTermService.objects.get().person_id == kept.pk
    page = client.get(url("person", authority, person_id=kept.pk)).content.decode()
    assert "מהרשומה השנייה" in page and "תשובה קודמת" in page
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_id=str(second.pk)).exists()


def test_two_different_people_are_unflagged(authority, coordinator):
    first = take_in(authority, by=coordinator)
    second = add_person(first.household, by=coordinator, id_number="", relation="other")
    response = client_of(coordinator).post(url("dismiss_duplicate", authority, person_id=second.pk))
    assert response.status_code == 302
    with scope(authority=authority):
        assert Person.objects.get(pk=second.pk).possible_duplicate_of_id is None


def test_only_the_coordinator_merges(authority, coordinator, welfare):
    first = take_in(authority, by=coordinator, birth_date=date(1980, 1, 1))
    second = add_person(first.household, by=coordinator, id_number="", relation="other", birth_date=date(1980, 1, 1))
    client = client_of(welfare)
    assert client.get(url("duplicates", authority)).status_code == 403
    assert client.post(url("merge", authority, person_id=second.pk), {"keep": str(first.pk)}).status_code == 403
    assert len(people(authority)) == 2
