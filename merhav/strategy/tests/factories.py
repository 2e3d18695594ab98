"""Factories of the strategic plan. A plan is made through create_plan (its process — channels and the
meetings of every step with proposed dates — is part of what a plan is); the other rows are written inside
their authority's scope with the fields the services would fill."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from django_scopes import scope

from merhav.strategy import services
from merhav.strategy.models import (
    BudgetLine,
    Channel,
    Indicator,
    Initiative,
    LogicNode,
    Participant,
    Plan,
    PlanAction,
)
from merhav.tenancy.tests.factories import AuthorityFactory, ScopedFactory


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan whose steering committee meets today (pass start_date for another day)."""

    class Meta:
        model = Plan

    authority = factory.SubFactory(AuthorityFactory)
    title = factory.Sequence(lambda n: f"תוכנית קהילה מיטיבה {n}")
    start_date = factory.LazyFunction(timezone.localdate)
    coordinator = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_plan(**kwargs)


def _of_plan():
    return factory.LazyAttribute(lambda o: o.plan.authority)


class ParticipantFactory(ScopedFactory):
    class Meta:
        model = Participant

    plan = factory.SubFactory(PlanFactory)
    authority = _of_plan()
    committee = Participant.Committee.SHAPING
    full_name = factory.Sequence(lambda n: f"משתתפת {n}")
    sector = Participant.Sector.CIVIL_SOCIETY


def first_channel(plan: Plan) -> Channel:
    with scope(authority=plan.authority_id):
        return Channel.objects.filter(plan=plan).order_by("order", "id").first()


class PlanActionFactory(ScopedFactory):
    class Meta:
        model = PlanAction

    plan = factory.SubFactory(PlanFactory)
    authority = _of_plan()
    channel = factory.LazyAttribute(lambda o: first_channel(o.plan))
    title = factory.Sequence(lambda n: f"פעולה {n}")
    start = factory.LazyFunction(timezone.localdate)
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=90))


class BudgetLineFactory(ScopedFactory):
    class Meta:
        model = BudgetLine

    action = factory.SubFactory(PlanActionFactory)
    authority = factory.LazyAttribute(lambda o: o.action.authority)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    amount = Decimal(10000)
    source = BudgetLine.Source.MUNICIPAL


class LogicNodeFactory(ScopedFactory):
    class Meta:
        model = LogicNode

    plan = factory.SubFactory(PlanFactory)
    authority = _of_plan()
    kind = LogicNode.Kind.SHORT
    title = factory.Sequence(lambda n: f"תוצאה {n}")


class IndicatorFactory(ScopedFactory):
    class Meta:
        model = Indicator

    outcome = factory.SubFactory(LogicNodeFactory)
    plan = factory.LazyAttribute(lambda o: o.outcome.plan)
    authority = factory.LazyAttribute(lambda o: o.outcome.authority)
    name = factory.Sequence(lambda n: f"מדד {n}")
    baseline = Decimal(10)
    target = Decimal(20)
    target_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3 * 365))


class InitiativeFactory(ScopedFactory):
    class Meta:
        model = Initiative

    plan = factory.SubFactory(PlanFactory)
    authority = _of_plan()
    title = factory.Sequence(lambda n: f"יוזמה {n}")
