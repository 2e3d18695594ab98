"""The demo city's knowledge network: loaded once, with the seed's evaluation figures."""

import io

from django.core.management import call_command
from django_scopes import scopes_disabled

from ..models import EvaluationSurvey, NetworkMember, NetworkPost, NetworkThread, NetworkWave, Newsletter
from ..network_selectors import evaluation_figures


def test_the_network_demo_loads_once_with_the_seeds_figures(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        waves = list(NetworkWave.objects.order_by("number").values_list("kind", "number"))
        assert waves == [("launch", 1), ("wave", 2)]
        assert NetworkMember.objects.filter(wave__kind="launch").count() == 22
        assert NetworkMember.objects.filter(wave__kind="wave").count() == 6
        assert NetworkThread.objects.count() == 3 and NetworkPost.objects.count() == 6
        assert Newsletter.objects.get().sent_at is not None
        survey = EvaluationSurvey.objects.get()
        figures = evaluation_figures(survey, 28)
        assert [s.percent for s in figures.shares] == [80, 80, 92, 72]
