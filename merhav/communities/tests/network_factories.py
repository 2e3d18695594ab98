"""Factories of the knowledge network: invented waves, network members, discussions, talks and surveys."""

import datetime as dt

import factory
from django.utils import timezone

from ..models import (
    EvaluationSurvey,
    NetworkMember,
    NetworkPost,
    NetworkTalk,
    NetworkThread,
    NetworkWave,
    PulseSurvey,
)
from .factories import CommunityFactory, MemberFactory, ScopedRowFactory


class WaveFactory(ScopedRowFactory):
    class Meta:
        model = NetworkWave

    community = factory.SubFactory(CommunityFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = NetworkWave.Kind.LAUNCH
    opens_on = dt.date(2026, 9, 1)


class NetworkMemberFactory(ScopedRowFactory):
    class Meta:
        model = NetworkMember

    wave = factory.SubFactory(WaveFactory)
    community = factory.LazyAttribute(lambda o: o.wave.community)
    member = factory.LazyAttribute(lambda o: MemberFactory(community=o.community, role="network"))
    expertise = "תכנון אסטרטגי"
    interests = "חדשנות חינוכית"


class ThreadFactory(ScopedRowFactory):
    class Meta:
        model = NetworkThread

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"דיון {n}")
    body = "מה דעתכם?"


class PostFactory(ScopedRowFactory):
    class Meta:
        model = NetworkPost

    thread = factory.SubFactory(ThreadFactory)
    community = factory.LazyAttribute(lambda o: o.thread.community)
    body = "תשובה"


class TalkFactory(ScopedRowFactory):
    class Meta:
        model = NetworkTalk

    community = factory.SubFactory(CommunityFactory)
    topic = factory.Sequence(lambda n: f"שיחה מקוונת {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    link = "https://zoom.example.org/j/1"


class PulseFactory(ScopedRowFactory):
    class Meta:
        model = PulseSurvey

    community = factory.SubFactory(CommunityFactory)
    year = 2026
    quarter = factory.Sequence(lambda n: n % 4 + 1)
    question = "עד כמה הרשת מועילה לעבודתך?"


class EvaluationFactory(ScopedRowFactory):
    class Meta:
        model = EvaluationSurvey

    community = factory.SubFactory(CommunityFactory)
    title = "סקר הערכה — סוף שנה א׳"
