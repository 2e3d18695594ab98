"""Factories for evacuee intake: households, people (with valid Israeli ID numbers), questions, answers
and long-term services, written inside their authority's scope as the services would store them.
All names are invented."""

import itertools

import factory
from django.utils import timezone

from merhav.tenancy.tests.factories import AuthorityFactory, ScopedFactory

from ..identity import with_check_digit
from ..models import Answer, Household, LongTermService, Person, SectionField, SectionKey, ServiceKind

_ids = itertools.count(30_000_001)


def next_id_number() -> str:
    return with_check_digit(str(next(_ids)))


class HouseholdFactory(ScopedFactory):
    class Meta:
        model = Household

    authority = factory.SubFactory(AuthorityFactory)
    origin_locality = "עין אור"
    accommodation = Household.Accommodation.HOTEL
    accommodation_details = "מלון הגבעה"
    phone = "050-0000000"


class PersonFactory(ScopedFactory):
    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory)
    authority = factory.SelfAttribute("household.authority")
    id_number = factory.LazyFunction(next_id_number)
    first_name = factory.Faker("first_name", locale="he_IL")
    last_name = factory.Faker("last_name", locale="he_IL")
    birth_date = factory.Faker("date_of_birth", minimum_age=1, maximum_age=90)


class SectionFieldFactory(ScopedFactory):
    class Meta:
        model = SectionField

    authority = factory.SubFactory(AuthorityFactory)
    section = SectionKey.WELFARE
    key = factory.Sequence(lambda n: f"q{n}")
    label = factory.Sequence(lambda n: f"שאלה {n}")
    kind = SectionField.Kind.TEXT
    purpose = "לתכנן את השירות"


class AnswerFactory(ScopedFactory):
    class Meta:
        model = Answer

    person = factory.SubFactory(PersonFactory)
    authority = factory.SelfAttribute("person.authority")
    field = factory.SubFactory(SectionFieldFactory, authority=factory.SelfAttribute("..authority"))
    section = factory.SelfAttribute("field.section")
    field_key = factory.SelfAttribute("field.key")
    value = "תשובה"


class ServiceFactory(ScopedFactory):
    class Meta:
        model = LongTermService

    person = factory.SubFactory(PersonFactory)
    authority = factory.SelfAttribute("person.authority")
    kind = ServiceKind.SCHOOL_PLACEMENT
    section = SectionKey.EDUCATION
    last_update_at = factory.LazyFunction(timezone.now)
