"""Factories of learning communities: invented programmes, communities, members, meetings, teams and
products. Rows of a community are written inside its scope, as the app writes them."""

import datetime as dt

import factory
from django_scopes import scope

from merhav.accounts.tests.factories import UserFactory

from ..models import (
    Application,
    Call,
    Community,
    CommunityMember,
    KnowledgeProduct,
    Meeting,
    Programme,
    ProgrammeRole,
    Topic,
    WorkTeam,
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"תוכנית קהילות {n}")


class ProgrammeRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeRole

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = ProgrammeRole.Role.MANAGER


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"קהילת מנהלי חינוך {n}")
    shared_role = "מנהלי ומנהלות אגפי חינוך"
    department_kind = "education"
    stage = Community.Stage.YEAR_A


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityMember

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    role = CommunityMember.Role.CORE
    gender = CommunityMember.Gender.FEMALE
    sector = CommunityMember.Sector.JEWISH
    seniority_years = 5


class ScopedRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        community = kwargs["community"]
        with scope(community=community.pk):
            return super()._create(model_class, *args, **kwargs)


class MeetingFactory(ScopedRowFactory):
    class Meta:
        model = Meeting

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"מפגש {n}")
    number = factory.Sequence(lambda n: n % 10 + 1)
    starts_on = factory.Sequence(lambda n: dt.date(2026, 9, 1) + dt.timedelta(days=7 * (n % 50)))
    syllabus_year = factory.LazyAttribute(lambda o: o.community.syllabus_year_of(o.starts_on))


class CallFactory(ScopedRowFactory):
    class Meta:
        model = Call

    community = factory.SubFactory(CommunityFactory)
    title = "קול קורא להצטרפות"


class ApplicationFactory(ScopedRowFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    community = factory.LazyAttribute(lambda o: o.call.community)
    full_name = factory.Sequence(lambda n: f"מועמדת {n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    authority = None  # given by the test
    job_title = "מנהלת אגף חינוך"
    gender = "female"
    sector = "arab"
    seniority_years = 4


class TopicFactory(ScopedRowFactory):
    class Meta:
        model = Topic

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"נושא {n}")


class WorkTeamFactory(ScopedRowFactory):
    class Meta:
        model = WorkTeam

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"צוות {n}")


class ProductFactory(ScopedRowFactory):
    class Meta:
        model = KnowledgeProduct

    community = factory.SubFactory(CommunityFactory)
    kind = KnowledgeProduct.Kind.ONE_PAGER
    title = factory.Sequence(lambda n: f"תוצר {n}")
    link = "https://example.org/product"
