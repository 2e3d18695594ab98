"""Taking a family in, once, in Hebrew and in Arabic: the core and the contact person in one form; bad
input said beside the field in the user's language, what was typed kept, nothing stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from merhav.audit.models import AuditEntry

from ..models import Household, Person
from .support import ID_1, ID_2, client_of, people, take_in, url

FORM = {"id_number": ID_1, "first_name": "מרים", "last_name": "אזולאי", "birth_date": "12.03.1984",
        "relation": "head", "person_phone": "", "origin_locality": "עין אור", "accommodation": "hotel",
        "accommodation_details": "מלון הגבעה", "phone": "050-1111111", "email": "", "needs": "תרופות"}


@pytest.mark.parametrize("language", ["he", "ar"])
def test_a_family_is_taken_in_once(authority, coordinator, language):
    client = client_of(coordinator, language)
    page = client.get(url("take_in", authority))
    assert page.status_code == 200 and f'lang="{language}"' in page.content.decode()
    response = client.post(url("take_in", authority), FORM)
    [person] = people(authority)
    assert response.status_code == 302
    assert response["Location"] == url("household", authority, household_id=person.household_id)
    assert (person.id_number, person.first_name, person.birth_date.isoformat()) == (ID_1, "מרים", "1984-03-12")
    assert person.household.origin_locality == "עין אור"
    created = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).values_list("object_type", flat=True)
    assert sorted(created) == ["intake.household", "intake.person"]


def test_each_personal_field_says_its_purpose(authority, coordinator):
    body = client_of(coordinator, "he").get(url("take_in", authority)).content.decode()
    assert body.count("מטרה:") >= 8


@pytest.mark.parametrize(("language", "message"), [
    ("he", "זה אינו מספר זהות ישראלי תקין"), ("ar", "هذا ليس رقم هوية إسرائيليًا صالحًا")])
def test_an_invalid_id_number_is_said_beside_it_and_nothing_is_stored(authority, coordinator, language, message):
    response = client_of(coordinator, language).post(url("take_in", authority), {**FORM, "id_number": "123456789"})
    assert response.status_code == 400
    assert message in response.context["form"].errors["id_number"][0]
    assert 'value="123456789"' in response.content.decode()  # what was typed is kept
    assert people(authority) == []


def test_a_birth_date_in_the_future_is_refused(authority, coordinator):
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d.%m.%Y")
    response = client_of(coordinator, "he").post(url("take_in", authority), {**FORM, "birth_date": tomorrow})
    assert response.status_code == 400
    assert response.context["form"].errors["birth_date"] == ["תאריך לידה אינו יכול להיות בעתיד."]
    assert people(authority) == []


def test_the_same_id_twice_is_refused_with_a_link_to_the_existing_record(authority, coordinator, education):
    existing = take_in(authority, by=coordinator)
    response = client_of(education, "he").post(url("take_in", authority), {**FORM, "first_name": "אחרת"})
    assert response.status_code == 400
    assert response.context["form"].errors["id_number"] == ["אדם עם מספר הזהות הזה כבר רשום."]
    assert url("person", authority, person_id=existing.pk) in response.content.decode()
    assert len(people(authority)) == 1
    from django_scopes import scope
    with scope(authority=authority):
        assert Household.objects.count() == 1  # nothing applied half-way


def test_a_family_member_is_added(authority, coordinator):
    head = take_in(authority, by=coordinator)
    response = client_of(coordinator).post(url("add_person", authority, household_id=head.household_id), {
        "id_number": ID_2, "first_name": "נועם", "last_name": "אזולאי", "birth_date": "20.09.2015",
        "relation": "child"})
    assert response.status_code == 302
    assert [p.relation for p in people(authority)] == [Person.Relation.HEAD, Person.Relation.CHILD]


def test_a_double_submit_takes_the_family_in_once(authority, coordinator):
    client = client_of(coordinator)
    page = client.get(url("take_in", authority)).content.decode()
    import re
    token = re.search(r'name="submit_token" value="([^"]+)"', page)
    assert token, "the form carries a one-time token"
    first = client.post(url("take_in", authority), {**FORM, "submit_token": token.group(1)})
    second = client.post(url("take_in", authority), {**FORM, "submit_token": token.group(1)})
    assert first.status_code == second.status_code == 302
    assert len(people(authority)) == 1


def test_nothing_personal_in_the_titles(authority, coordinator):
    head = take_in(authority, by=coordinator)
    client = client_of(coordinator)
    for address in (url("person", authority, person_id=head.pk), url("household", authority, household_id=head.household_id)):
        body = client.get(address).content.decode()
        title = body.split("<title>", 1)[1].split("</title>", 1)[0]
        assert head.first_name not in title and head.last_name not in title and head.id_number not in title


def test_the_outsider_and_the_auditor(authority, coordinator, outsider, auditor):
    head = take_in(authority, by=coordinator)
    assert client_of(outsider).get(url("person", authority, person_id=head.pk)).status_code == 404
    assert client_of(outsider).get(url("index", authority)).status_code == 404
    assert client_of(auditor).post(url("take_in", authority), FORM).status_code == 403
