"""Factories of the resources module (invented data). Rows are written inside their authority's scope."""

import factory
from django.utils import timezone

from merhav.tenancy.tests.factories import AuthorityFactory, ScopedFactory

from ..models import Availability, Category, Need, Neighbourhood, Partner, Resource
from ..validators import with_check_digit


class NeighbourhoodFactory(ScopedFactory):
    class Meta:
        model = Neighbourhood

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"שכונה {n}")


class PartnerFactory(ScopedFactory):
    class Meta:
        model = Partner

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"שותף {n}")
    kind = Partner.Kind.AMUTA
    registration_number = factory.Sequence(lambda n: with_check_digit(f"58{n:06d}"))


class ResourceFactory(ScopedFactory):
    class Meta:
        model = Resource

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"משאב {n}")
    kind = Resource.Kind.VOLUNTEERS
    family = Resource.Family.HUMAN
    category = Category.FOOD
    capacity = 10
    availability = Availability.BOTH
    verified_on = factory.LazyFunction(timezone.localdate)


class NeedFactory(ScopedFactory):
    class Meta:
        model = Need

    authority = factory.SubFactory(AuthorityFactory)
    title = factory.Sequence(lambda n: f"צורך {n}")
    category = Category.FOOD
    quantity = 10
    population_group = "משפחות"
    urgency = Need.Urgency.MEDIUM
