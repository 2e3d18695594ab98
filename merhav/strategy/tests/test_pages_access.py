"""Every page of a plan as the three personas: a member who writes, the auditor who reads and is refused every
write (audited), and an outsider who gets a 404; and the pages whose data grows cost a fixed number of
queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from merhav.audit.models import AuditEntry

from ..models import LogicNode, Meeting, Participant
from .factories import (
    IndicatorFactory,
    InitiativeFactory,
    LogicNodeFactory,
    ParticipantFactory,
    PlanActionFactory,
    first_channel,
)
from .support import make_plan, step, url


@pytest.fixture
def world(authority, staff):
    plan = make_plan(authority, by=staff, start_date=timezone.localdate() - timedelta(days=10))
    return {
        "plan": plan, "meeting": step(plan, Meeting.Step.SHAPING_1), "channel": first_channel(plan),
        "indicator": IndicatorFactory(outcome=LogicNodeFactory(plan=plan)), "action": PlanActionFactory(plan=plan),
        "initiative": InitiativeFactory(plan=plan),
    }


def pages(authority, w) -> list[str]:
    p = {"plan_id": w["plan"].pk}
    return [
        url("detail", authority, **p), url("edit", authority, **p), url("people", authority, **p),
        url("participant_add", authority, **p), url("challenge_add", authority, **p), url("goal_add", authority, **p),
        url("meeting", authority, plan_meeting_id=w["meeting"].pk, **p),
        url("channel_edit", authority, plan_channel_id=w["channel"].pk, **p),
        url("logic", authority, **p), url("node_add", authority, **p), url("link_add", authority, **p),
        url("indicator_add", authority, **p),
        url("measurement_add", authority, plan_indicator_id=w["indicator"].pk, **p),
        url("work_plan", authority, **p), url("action_add", authority, **p),
        url("action_edit", authority, plan_action_id=w["action"].pk, **p),
        url("budget_add", authority, plan_action_id=w["action"].pk, **p),
        url("pilot", authority, **p), url("initiative_add", authority, **p), url("comments", authority, **p),
        url("initiative_score", authority, plan_initiative_id=w["initiative"].pk, **p),
        url("initiative_decide", authority, plan_initiative_id=w["initiative"].pk, **p),
    ]


def test_the_ceo_opens_every_page(login, authority, ceo, world):
    client = login(ceo)
    for path in pages(authority, world):
        assert client.get(path).status_code == 200, path


def test_the_auditor_reads_and_every_write_is_refused_and_audited(login, authority, auditor, world):
    client = login(auditor)
    p = {"plan_id": world["plan"].pk}
    reads = [url(name, authority, **p) for name in ("detail", "people", "logic", "work_plan", "pilot", "comments")]
    reads.append(url("meeting", authority, plan_meeting_id=world["meeting"].pk, **p))
    for path in reads:
        assert client.get(path).status_code == 200, path
    writes = [path for path in pages(authority, world) if path not in reads[:-1]]
    writes.append(url("publish", authority, **p))
    for path in writes:
        assert client.post(path, {"title": "x", "form": "hold"}).status_code == 403, path
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=auditor).count() == len(writes)


def test_an_outsider_gets_404_everywhere(login, authority, outsider, world):
    client = login(outsider)
    for path in pages(authority, world) + [url("publish", authority, plan_id=world["plan"].pk)]:
        assert client.get(path).status_code in (404, 405), path
        assert client.post(path, {"title": "x"}).status_code == 404, path


def test_only_the_ceo_appoints_a_domain_lead(login, authority, staff, world):
    path = url("channel_edit", authority, plan_id=world["plan"].pk, plan_channel_id=world["channel"].pk)
    assert login(staff).post(path, {"name": "חברתי"}).status_code == 403


@pytest.mark.parametrize("count", [2, 30])
def test_the_plan_pages_cost_the_same_queries_at_any_size(login, authority, staff, count,
                                                          django_assert_max_num_queries):
    plan = make_plan(authority, by=staff)
    for n in range(count):
        ParticipantFactory(plan=plan, committee=Participant.Committee.SHAPING, full_name=f"חבר {n}")
        node = LogicNodeFactory(plan=plan, kind=LogicNode.Kind.MEDIUM, title=f"תוצאה {n}")
        IndicatorFactory(outcome=node)
    client = login(staff)
    for name in ("detail", "people", "logic"):
        client.get(url(name, authority, plan_id=plan.pk))
        with django_assert_max_num_queries(14):  # with the navigation's two (intake's entry)
            assert client.get(url(name, authority, plan_id=plan.pk)).status_code == 200, name


@pytest.mark.parametrize("count", [2, 40])
def test_the_list_of_plans_costs_the_same_queries_at_any_size(login, authority, staff, count,
                                                              django_assert_max_num_queries):
    for n in range(count):
        make_plan(authority, by=staff, title=f"מספר {n}")
    client = login(staff)
    client.get(url("index", authority))
    with django_assert_max_num_queries(10):  # with the navigation's two (intake's entry)
        assert client.get(url("index", authority)).status_code == 200
