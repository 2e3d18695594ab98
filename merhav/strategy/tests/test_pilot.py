"""The experimental pilot: initiatives scored and selected on the criteria, and the nine-month decision."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from merhav.core.context import acting_as

from .. import services
from ..models import Initiative
from .factories import InitiativeFactory
from .support import make_plan, url


def test_the_committee_scores_and_selects_with_the_support(login, authority, staff):
    initiative = InitiativeFactory(plan=make_plan(authority, by=staff))
    response = login(staff).post(url("initiative_score", authority, plan_id=initiative.plan_id,
                                     plan_initiative_id=initiative.pk), {
        "fit": "5", "impact": "3", "feasibility": "4", "selected": "yes", "connections": "on", "amount": "2000",
        "version": initiative.version})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.status, initiative.score, initiative.support_connections, initiative.support_amount) == (
        Initiative.Status.SELECTED, 12, True, Decimal(2000))


def test_a_selected_initiative_needs_a_kind_of_support(authority, staff):
    initiative = InitiativeFactory(plan=make_plan(authority, by=staff))
    with acting_as(staff, authority=authority), pytest.raises(ValidationError):
        services.score_initiative(initiative=initiative, version=initiative.version, fit=3, impact=3, feasibility=3,
                                  selected=True)


def test_only_a_selected_initiative_is_decided_and_the_decision_is_kept(authority, staff):
    initiative = InitiativeFactory(plan=make_plan(authority, by=staff))
    with acting_as(staff, authority=authority):
        with pytest.raises(ValidationError):
            services.decide_initiative(initiative=initiative, version=initiative.version, continues=True,
                                       learning="", note="x")
        services.score_initiative(initiative=initiative, version=1, fit=2, impact=2, feasibility=2, selected=True,
                                  mentoring=True)
        services.decide_initiative(initiative=initiative, version=2, continues=False, learning="לא התקדמה",
                                   note="לא מקדמת את היעדים")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.STOPPED and initiative.decision_note == "לא מקדמת את היעדים"


@pytest.mark.parametrize("count", [2, 30])
def test_the_pilot_page_costs_the_same_queries_at_any_size(login, authority, staff, count,
                                                           django_assert_max_num_queries):
    plan = make_plan(authority, by=staff)
    for _n in range(count):
        InitiativeFactory(plan=plan)
    client = login(staff)
    client.get(url("pilot", authority, plan_id=plan.pk))
    with django_assert_max_num_queries(11):  # with the navigation's two (intake's entry) and the emergency banner's one
        assert client.get(url("pilot", authority, plan_id=plan.pk)).status_code == 200
