"""The public plan: the published version, without login, in the visitor's language; nothing of a plan never
published, nothing changed since it was published, nothing of an archived plan; its open mapping data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from merhav.core.context import acting_as

from .. import services
from ..models import Meeting
from .support import make_plan, public_url, step


def approved(authority, by, title="תוכנית שאושרה"):
    plan = make_plan(authority, by=by, title=title, start_date=timezone.localdate() - timedelta(days=400),
                     vision="חזון של קהילה מיטיבה")
    approval = step(plan, Meeting.Step.STEERING_APPROVAL)
    with acting_as(by, authority=authority):
        services.add_challenge(plan=plan, title="=בדידות", situation="מיפוי")
        services.hold_meeting(meeting=approval, version=approval.version, held_on=approval.date, decisions="אושר")
    plan.refresh_from_db()
    return plan


def test_a_published_plan_is_read_without_login(client, authority, staff):
    plan = approved(authority, staff)
    with acting_as(staff, authority=authority):
        services.publish_plan(plan=plan)
    response = client.get(public_url("plan", authority, plan_id=plan.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "חזון של קהילה מיטיבה" in body and "חקלאי" not in body
    assert staff.full_name not in body  # no person's name in the public plan
    assert "תוכנית שאושרה" in client.get(public_url("plans", authority)).content.decode()


def test_a_plan_never_published_is_not_found(client, authority, staff):
    plan = approved(authority, staff, title="סודית")
    assert client.get(public_url("plan", authority, plan_id=plan.pk)).status_code == 404
    assert "סודית" not in client.get(public_url("plans", authority)).content.decode()
    assert client.get(public_url("challenges_csv", authority, plan_id=plan.pk)).status_code == 404


def test_a_change_is_public_only_when_published_again(client, authority, staff):
    plan = approved(authority, staff)
    with acting_as(staff, authority=authority):
        services.publish_plan(plan=plan)
        services.add_goal(plan=plan, title="מטרה חדשה שעוד לא פורסמה")
    assert "מטרה חדשה" not in client.get(public_url("plan", authority, plan_id=plan.pk)).content.decode()
    with acting_as(staff, authority=authority):
        release = services.publish_plan(plan=plan)
    assert release.number == 2
    assert "מטרה חדשה" in client.get(public_url("plan", authority, plan_id=plan.pk)).content.decode()


def test_an_archived_plan_leaves_the_public_page(client, authority, staff):
    plan = approved(authority, staff)
    with acting_as(staff, authority=authority):
        services.publish_plan(plan=plan)
        plan.refresh_from_db()
        services.update_plan(plan=plan, version=plan.version, title=plan.title, description="", status="archived")
    assert client.get(public_url("plan", authority, plan_id=plan.pk)).status_code == 404


def test_the_open_mapping_data_is_a_csv_with_formulas_escaped(client, authority, staff):
    plan = approved(authority, staff)
    with acting_as(staff, authority=authority):
        services.publish_plan(plan=plan)
    response = client.get(public_url("challenges_csv", authority, plan_id=plan.pk))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=בדידות" in text and "מיפוי" in text


def test_another_authoritys_slug_shows_nothing_of_this_plan(client, authority, other_authority, staff):
    plan = approved(authority, staff)
    with acting_as(staff, authority=authority):
        services.publish_plan(plan=plan)
    assert client.get(public_url("plan", other_authority, plan_id=plan.pk)).status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_the_public_pages_cost_the_same_queries_at_any_size(client, authority, staff, count,
                                                           django_assert_max_num_queries):
    plans = [approved(authority, staff, title=f"תוכנית {n}") for n in range(count)]
    with acting_as(staff, authority=authority):
        for plan in plans:
            services.publish_plan(plan=plan)
    with django_assert_max_num_queries(4):
        assert client.get(public_url("plans", authority)).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(public_url("plan", authority, plan_id=plans[-1].pk)).status_code == 200
