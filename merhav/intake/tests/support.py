"""Test data of this module: made through the services, as the people who would make it."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django_scopes import scope

from merhav.core.context import acting_as

from ..identity import with_check_digit
from ..models import Household, Person, SectionField, SectionKey
from ..services import fields as field_services
from ..services import households as household_services

ID_1 = with_check_digit("1234567")  # 012345674
ID_2 = with_check_digit("2345678")
ID_3 = with_check_digit("3456789")


def url(name: str, authority, **kwargs) -> str:
    return reverse(f"intake:{name}", kwargs={"authority_slug": authority.slug, **kwargs})


def household_values(**values) -> dict:
    return {"origin_locality": "עין אור", "accommodation": Household.Accommodation.HOTEL,
            "accommodation_details": "מלון הגבעה", "phone": "050-1111111", "email": "", "needs": "", **values}


def person_values(**values) -> dict:
    return {"id_number": ID_1, "first_name": "מרים", "last_name": "אזולאי", "birth_date": date(1984, 3, 12),
            "relation": Person.Relation.HEAD, "phone": "", **values}


def take_in(authority, *, by, household: dict | None = None, **head) -> Person:
    """A family taken in by `by`; returns its first person."""
    with acting_as(by, authority=authority):
        created = household_services.create_household(authority=authority, household=household or household_values(),
                                                      head=person_values(**head))
    with scope(authority=authority):
        return Person.objects.get(household=created)


def add_person(household, *, by, **values) -> Person:
    with acting_as(by, authority=household.authority):
        return household_services.add_person(household=household, person=person_values(**values))


def add_question(authority, *, by, section: str, label: str, kind: str = SectionField.Kind.TEXT, **values):
    with acting_as(by, authority=authority):
        return field_services.add_field(authority=authority, section=section, values={
            "label": label, "kind": kind, "purpose": values.pop("purpose", "לתכנן את השירות"), **values})


def answer(person, *, by, section: str, **answers) -> list[str]:
    with acting_as(by, authority=person.authority):
        return household_services.save_section(person=person, section=section, answers=answers)


def people(authority) -> list[Person]:
    with scope(authority=authority):
        return list(Person.objects.filter(authority=authority).order_by("pk"))


WELFARE, EDUCATION = SectionKey.WELFARE, SectionKey.EDUCATION


def client_of(user, language: str | None = None):
    """A new client logged in as the user (two-factor passed), in `language` when given."""
    from django.test import Client

    from conftest import verified_login

    client = verified_login(Client(), user)
    if language:
        session = client.session
        session["merhav_language"] = language
        session.save()
    return client


class Api:
    """JSON calls to /api/v1/authorities/<slug>/intake with a personal access token."""

    def __init__(self, user, authority):
        import json

        from django.test import Client

        from conftest import confirmed_device
        from merhav.accounts.models import ApiToken

        confirmed_device(user)  # a role that sees personal data needs two-factor for its token to work
        _token, raw = ApiToken.issue(user=user, name="tests")
        self.json = json
        self.client, self.headers = Client(), {"Authorization": f"Bearer {raw}"}
        self.base = f"/api/v1/authorities/{authority.slug}/intake"

    def get(self, path: str, params: dict | None = None):
        return self.client.get(self.base + path, params or {}, headers=self.headers)

    def send(self, method: str, path: str, body: dict):
        return self.client.generic(method, self.base + path, self.json.dumps(body), content_type="application/json",
                                   headers=self.headers)
