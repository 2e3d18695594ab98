"""Bad input of the issue: an action ending before it starts, a negative budget line, a logic-model link that
makes a cycle — a clear message beside the field, and nothing stored."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from merhav.core.context import acting_as

from .. import services
from ..models import BudgetLine, LogicLink, LogicNode, PlanAction
from .factories import LogicNodeFactory, PlanActionFactory, first_channel
from .support import make_plan, url


def test_an_action_ending_before_it_starts_is_refused_beside_the_field(login, authority, staff):
    plan = make_plan(authority, by=staff)
    response = login(staff, "en").post(url("action_add", authority, plan_id=plan.pk), {
        "channel": first_channel(plan).pk, "title": "פעולה", "start": "10.05.2030", "end": "01.05.2030",
        "status": "planned", "progress": "0",
    })
    assert response.status_code == 400
    assert response.context["form"].errors["end"] == ["An action cannot end before it starts."]
    with scope(authority=authority):
        assert not PlanAction.objects.exists()
    with acting_as(staff, authority=authority), pytest.raises(ValidationError) as error:  # the API's way in
        day = timezone.localdate()
        services.create_action(plan=plan, channel=first_channel(plan), title="x", start=day,
                               end=day - timedelta(days=1))
    assert "end" in error.value.message_dict


def test_a_negative_budget_line_is_refused(login, authority, staff):
    action = PlanActionFactory(plan=make_plan(authority, by=staff))
    response = login(staff, "en").post(url("budget_add", authority, plan_id=action.plan_id,
                                           plan_action_id=action.pk),
                                       {"year": "2030", "amount": "-5", "source": "municipal"})
    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == ["A budget line cannot be a negative sum."]
    with acting_as(staff, authority=authority), pytest.raises(ValidationError):
        services.add_budget_line(action=action, year=2030, amount=Decimal(-1), source="municipal")
    with scope(authority=authority):
        assert not BudgetLine.objects.exists()


def test_a_link_that_makes_a_cycle_is_refused(login, authority, staff):
    plan = make_plan(authority, by=staff)
    a, b, c = (LogicNodeFactory(plan=plan, kind=LogicNode.Kind.ACTIVITY, title=t) for t in "אבג")
    with acting_as(staff, authority=authority):
        services.add_logic_link(plan=plan, source=a, target=b)
        services.add_logic_link(plan=plan, source=b, target=c)
    response = login(staff, "en").post(url("link_add", authority, plan_id=plan.pk),
                                       {"source": c.pk, "target": a.pk})
    assert response.status_code == 400
    assert "cycle" in response.context["form"].errors["target"][0]
    with acting_as(staff, authority=authority), pytest.raises(ValidationError):
        services.add_logic_link(plan=plan, source=a, target=a)
    with scope(authority=authority):
        assert LogicLink.objects.count() == 2


def test_a_dependency_that_makes_a_cycle_is_refused(authority, staff):
    plan = make_plan(authority, by=staff)
    first = PlanActionFactory(plan=plan)
    second = PlanActionFactory(plan=plan, depends_on=first)
    with acting_as(staff, authority=authority), pytest.raises(ValidationError) as error:
        services.update_action(action=first, version=first.version, title=first.title, start=first.start,
                               end=first.end, status="planned", progress=0, owner=None, outcome=None,
                               depends_on=second)
    assert "depends_on" in error.value.message_dict


def test_a_sixth_challenge_is_refused(authority, staff):
    plan = make_plan(authority, by=staff)
    with acting_as(staff, authority=authority):
        for n in range(5):
            services.add_challenge(plan=plan, title=f"אתגר {n}")
        with pytest.raises(ValidationError):
            services.add_challenge(plan=plan, title="שישי")


def test_an_indicator_measures_an_outcome_only(authority, staff):
    plan = make_plan(authority, by=staff)
    activity = LogicNodeFactory(plan=plan, kind=LogicNode.Kind.ACTIVITY)
    with acting_as(staff, authority=authority), pytest.raises(ValidationError) as error:
        services.add_indicator(outcome=activity, name="x", baseline=Decimal(1), target=Decimal(2),
                               target_date=timezone.localdate())
    assert "outcome" in error.value.message_dict
