"""`manage.py bench_data` (merhav/workspace/management/commands/bench_data.py): every module's generator, at the
tiny scale (a thousandth of the issue's large city), makes the rows it is asked for, in Hebrew and Arabic,
and a second run refuses."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from merhav.communities.models import Community, CommunityMember
from merhav.core.modules import bench_generators
from merhav.intake.models import Household, Person
from merhav.lessons.models import ActionItem, Lesson, Review
from merhav.resources.models import Need, Partner, Resource
from merhav.strategy.models import PlanAction
from merhav.tenancy.models import Authority, Membership

ARABIC = re.compile("[\u0600-\u06ff]")
HEBREW = re.compile("[\u0590-\u05ff]")


@pytest.fixture
def generated(db):
    out = StringIO()
    call_command("bench_data", scale="tiny", authorities=2, stdout=out)
    with scopes_disabled():
        yield Authority.objects.get(slug="bench-city"), Authority.objects.get(slug="bench-carmel-hills"), out


def test_every_module_with_scenario_data_is_declared():
    assert {label for label, _ in bench_generators()} >= {
        "lessons", "emergency", "resources", "intake", "communities", "strategy"}


def test_the_large_city_has_a_thousandth_of_the_issues_figures(generated):
    city, _other, _out = generated
    assert Person.objects.filter(authority=city).count() == 60
    assert Household.objects.filter(authority=city).count() == 25
    assert Partner.objects.filter(authority=city).count() == 2
    assert Resource.objects.filter(authority=city).count() == 20
    assert Need.objects.filter(authority=city).count() == 50
    assert Review.objects.filter(authority=city).count() == 10
    assert Lesson.objects.filter(authority=city).count() == 50
    assert ActionItem.objects.filter(authority=city).count() == 100
    assert PlanAction.objects.filter(authority=city).count() == 8  # 400 × 0.001, at least 8
    assert Community.objects.count() == 2
    assert CommunityMember.objects.count() == 12  # 5,000 × 0.001, at least 12


def test_the_other_authorities_get_a_share(generated):
    _city, other, _out = generated
    assert Membership.objects.filter(authority=other).exists()
    assert Person.objects.filter(authority=other).count() == 3
    assert ActionItem.objects.filter(authority=other).count() == 10
    assert not PlanAction.objects.filter(authority=other).exists()


def test_names_and_texts_are_hebrew_and_arabic(generated):
    city, _other, _out = generated
    assert HEBREW.search(city.name_he) and ARABIC.search(city.name_ar)
    names = " ".join(f"{p.first_name} {p.last_name}" for p in Person.objects.filter(authority=city))
    assert HEBREW.search(names) and ARABIC.search(names)
    assert HEBREW.search(" ".join(Lesson.objects.filter(authority=city).values_list("text", flat=True)))


def test_the_command_reports_each_module_and_a_second_run_refuses(generated):
    _city, _other, out = generated
    for label, _ in bench_generators():
        assert f"{label}: " in out.getvalue()
    with pytest.raises(CommandError, match="already has scenario data"):
        call_command("bench_data", scale="tiny", stdout=StringIO())
