"""The strategic plan's pages in a real browser: no axe-core violations in Hebrew, Arabic and English (the public
pages without login), nothing wider than a 360 px phone, and the main process by keyboard alone in Hebrew
and Arabic: start a plan (a failed submit's error summary focused), open the steering committee's meeting
and record it. Chromium as in tests/browser (skipped without it, failed in CI). One file: the browser is a
session fixture, imported here once."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from merhav.core.context import acting_as
from merhav.tenancy.roles import Role
from tests.browser.conftest import log_in
from tests.browser.keyboard import tab_to, wait_for_focus_on, walk_the_page
from tests.browser.test_accessibility import axe_violations_on, wider_than_the_window

from .. import services
from ..models import LogicNode, Meeting, Plan
from .factories import BudgetLineFactory, IndicatorFactory, InitiativeFactory, LogicNodeFactory, PlanActionFactory
from .support import make_plan, public_url, step, url

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
LANGUAGES = ["he", "ar", "en"]


@pytest.fixture
def pages(make_user, authority):
    """A staff member coordinating a published plan with content on every page, and the pages to visit."""

    def make(language):
        staff = make_user(authority=authority, role=Role.STAFF, language=language, full_name="יואב כהן")
        plan = make_plan(authority, by=staff, title="קהילה מיטיבה בבדיקה", vision="חזון ארוך " * 15,
                         start_date=timezone.localdate() - timedelta(days=400))
        long_term = LogicNodeFactory(plan=plan, kind=LogicNode.Kind.LONG, title="קהילה חסינה")
        activity = LogicNodeFactory(plan=plan, kind=LogicNode.Kind.ACTIVITY, title="רשת שכנים מטפלים")
        indicator = IndicatorFactory(outcome=long_term)
        first = PlanActionFactory(plan=plan, title="שיקום גינות שכונתיות", owner=staff, outcome=long_term)
        action = PlanActionFactory(plan=plan, title="תאורה בגינות", depends_on=first,
                                   start=first.end + timedelta(days=1))
        BudgetLineFactory(action=first, amount=Decimal(120000))
        initiative = InitiativeFactory(plan=plan, title="ארוחת שישי משותפת")
        approval = step(plan, Meeting.Step.STEERING_APPROVAL)
        with acting_as(staff, authority=authority):
            services.add_logic_link(plan=plan, source=activity, target=long_term)
            services.add_challenge(plan=plan, title="בדידות של אזרחים ותיקים", situation="מיפוי " * 20)
            services.add_goal(plan=plan, title="חיזוק האחריות והבעלות")
            services.hold_meeting(meeting=approval, version=approval.version, held_on=approval.date, decisions="אושר")
            services.publish_plan(plan=plan)
            services.set_proposals_open(plan=plan, is_open=True)
        services.submit_public_comment(plan=plan, body="כדאי להוסיף תאורה בגינה", name="מירב", client="192.0.2.7")
        p = {"plan_id": plan.pk}
        private = [
            url("index", authority), url("create", authority), url("detail", authority, **p),
            url("edit", authority, **p), url("meeting", authority, plan_meeting_id=approval.pk, **p),
            url("people", authority, **p), url("participant_add", authority, **p), url("logic", authority, **p),
            url("node_add", authority, **p), url("link_add", authority, **p), url("indicator_add", authority, **p),
            url("measurement_add", authority, plan_indicator_id=indicator.pk, **p),
            url("work_plan", authority, **p), url("action_add", authority, **p),
            url("action_edit", authority, plan_action_id=action.pk, **p), url("pilot", authority, **p),
            url("initiative_score", authority, plan_initiative_id=initiative.pk, **p),
            url("comments", authority, **p),
        ]
        public = [public_url("plans", authority), public_url("plan", authority, **p),
                  public_url("propose", authority, **p)]
        return staff, private, public

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_have_no_axe_violations(new_page, pages, language):  # noqa: F811
    staff, private, public = pages(language)
    page = log_in(new_page(), staff)
    anonymous = new_page(locale=language)
    assert {**axe_violations_on(page, private, language), **axe_violations_on(anonymous, public, language)} == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_fit_a_360px_phone(new_page, pages, language):  # noqa: F811
    staff, private, public = pages(language)
    page = log_in(new_page(viewport=PHONE), staff)
    anonymous = new_page(viewport=PHONE, locale=language)
    assert {**wider_than_the_window(page, private), **wider_than_the_window(anonymous, public)} == {}


# --- The main process by keyboard alone (docs/adding-a-module.md, the definition of done) ------------------

SUBMIT = "main form button[type=submit]"
DETAIL = re.compile(r"/strategy/(\d+)/$")


def enter_and_wait(page, where) -> None:
    with page.expect_navigation(url=where):
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["he", "ar"])
def test_the_main_process_by_keyboard_alone(new_page, make_user, authority, language):  # noqa: F811
    staff = make_user(authority=authority, role=Role.STAFF, language=language, full_name="יואב כהן")
    # The login form itself is walked by keyboard in tests/browser/test_lessons_keyboard_flow.py.
    page = log_in(new_page(), staff)

    walk_the_page(page)
    tab_to(page, f".module-nav a[href='{url('index', authority)}']")
    enter_and_wait(page, f"**{url('index', authority)}")
    walk_the_page(page)
    tab_to(page, f"main a[href='{url('create', authority)}']")
    enter_and_wait(page, f"**{url('create', authority)}")

    walk_the_page(page)
    tab_to(page, SUBMIT)  # sent empty: the error summary takes the focus
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_focus_on(page, "[data-error-summary]")
    tab_to(page, "#id_title")
    page.keyboard.type("קהילה מיטיבה מהמקלדת")
    tab_to(page, "#id_start_date")
    page.keyboard.type(timezone.localdate().strftime("%d.%m.%Y"))
    tab_to(page, SUBMIT)
    enter_and_wait(page, DETAIL)
    wait_for_focus_on(page, "[data-messages]")  # the plan is laid out, with its dates proposed
    with scopes_disabled():
        plan = Plan.objects.get(authority=authority)
        first = Meeting.objects.get(plan=plan, step=Meeting.Step.STEERING_SCOPE)
    assert plan.title == "קהילה מיטיבה מהמקלדת"

    meeting = url("meeting", authority, plan_id=plan.pk, plan_meeting_id=first.pk)
    walk_the_page(page)
    tab_to(page, f"main a[href='{meeting}']")
    enter_and_wait(page, f"**{meeting}")
    walk_the_page(page)
    tab_to(page, "#id_decisions")
    page.keyboard.type("גבולות הגזרה: כל השכונות; ארבעה אפיקים.")
    tab_to(page, "form[aria-labelledby=hold] button[type=submit]")
    enter_and_wait(page, DETAIL)
    wait_for_focus_on(page, "[data-messages]")
    with scopes_disabled():
        first.refresh_from_db()
    assert first.status == Meeting.Status.HELD and first.decisions.startswith("גבולות הגזרה")
