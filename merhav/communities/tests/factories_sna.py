"""Factories of the social network analysis: roster surveys (open today by default) and a helper that
writes a member's answer as the app does."""

import datetime as dt

import factory

from ..models import RosterSurvey
from .factories import CommunityFactory, ScopedRowFactory


class RosterSurveyFactory(ScopedRowFactory):
    class Meta:
        model = RosterSurvey

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"מיפוי קשרים {n}")
    round = RosterSurvey.Round.FIRST
    opens_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=7))
