"""The emergency pages in a real browser: no axe-core violations in Hebrew, Arabic and English, nothing
wider than a 360 px phone, and the main flow by keyboard alone in Hebrew and Arabic (declare an emergency,
issue an approved sealed message for "Ein Or"). Chromium as in tests/browser (skipped without it, failed
in CI). One file: the browser is a session fixture, imported here once."""

import re

import pytest
from django_scopes import scope, scopes_disabled

from merhav.core.context import acting_as
from merhav.tenancy.roles import Role
from tests.browser.conftest import log_in_with_two_factor
from tests.browser.keyboard import tab_to, wait_for_focus_on, walk_the_page
from tests.browser.test_accessibility import axe_violations_on, wider_than_the_window

from .. import services
from ..models import ChecklistAnswer, ChecklistQuestion, Emergency, IssuedMessage
from .factories import IssuedMessageFactory, LogEntryFactory, WebhookEndpointFactory
from .support import approved_message, declare, url

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
LANGUAGES = ["he", "ar", "en"]


@pytest.fixture
def pages(make_user, authority):
    """The CEO in `language` and every page of the module, with data to show."""

    def make(language):
        ceo = make_user(authority=authority, role=Role.CEO, language=language, full_name="אבי שרון")
        admin = make_user(authority=authority, role=Role.AUTHORITY_ADMIN, full_name="נועה ברק")
        message = approved_message(authority, ceo=ceo, title="הפסקת חשמל – SMS", body="אין חשמל בשכונת "
                                   "{neighbourhood} מאז {time}. {instructions} " + "מידע נוסף. " * 10)
        emergency = declare(authority, by=ceo, title="נפילת טיל בשכונת עין אור")
        LogEntryFactory(emergency=emergency, created_by=ceo, text="דיווח ארוך מהשטח " * 15)
        endpoint = WebhookEndpointFactory(authority=authority, url="https://emergency.example/" + "a" * 80)
        issued = IssuedMessageFactory(emergency=emergency, issued_by=ceo, message=message)
        with scope(authority=authority):
            issued.deliveries.create(authority=authority, endpoint=endpoint, status="failed", attempts=5,
                                     last_error="HTTP 500")
        with acting_as(admin, authority=authority):
            run = services.start_checklist_run(authority=authority, programme="אקוסיסטם STEM", emergency=emergency)
            initiative = services.add_initiative(run=run, title="מעבדה ניידת")
        with scope(authority=authority):
            answer = ChecklistAnswer.objects.filter(run=run).first()
        return ceo, [
            url("index", authority), url("declare", authority), url("detail", authority, emergency_id=emergency.pk),
            url("end", authority, emergency_id=emergency.pk), url("issue_choose", authority, emergency_id=emergency.pk),
            url("issue", authority, emergency_id=emergency.pk, sealed_message_id=message.pk),
            url("message_list", authority), url("message_create", authority),
            url("message_detail", authority, sealed_message_id=message.pk),
            url("message_edit", authority, sealed_message_id=message.pk), url("readiness", authority),
            url("issued_list", authority), url("issued_detail", authority, issued_message_id=issued.pk),
            url("webhooks", authority), url("checklist", authority), url("run_create", authority),
            url("run_detail", authority, checklist_run_id=run.pk),
            url("answer_edit", authority, checklist_run_id=run.pk, checklist_answer_id=answer.pk),
            url("initiative_edit", authority, checklist_run_id=run.pk, cycle_initiative_id=initiative.pk),
        ]

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_have_no_axe_violations(new_page, pages, language):  # noqa: F811
    ceo, paths = pages(language)
    page = log_in_with_two_factor(new_page(), ceo)
    assert axe_violations_on(page, paths, language) == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_fit_a_360px_phone(new_page, pages, language):  # noqa: F811
    ceo, paths = pages(language)
    page = log_in_with_two_factor(new_page(viewport=PHONE), ceo)
    assert wider_than_the_window(page, paths) == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admins_checklist_pages_have_no_axe_violations_and_fit_a_phone(new_page, make_user, authority,  # noqa: F811
                                                                           language):
    admin = make_user(authority=authority, role=Role.AUTHORITY_ADMIN, language=language, full_name="נועה ברק")
    services.ensure_checklist(authority=authority)
    with scope(authority=authority):
        question = ChecklistQuestion.objects.filter(authority=authority).first()
    paths = [url("checklist", authority), url("question_create", authority),
             url("question_edit", authority, checklist_question_id=question.pk), url("webhooks", authority)]
    desktop = log_in_with_two_factor(new_page(), admin)
    phone = log_in_with_two_factor(new_page(viewport=PHONE), admin)
    assert (axe_violations_on(desktop, paths, language), wider_than_the_window(phone, paths)) == ({}, {})


# --- The main flow by keyboard alone (docs/adding-a-module.md, the definition of done) -----------------

SUBMIT = "main form button[type=submit]"
DETAIL = re.compile(r"/emergency/(\d+)/$")
ISSUED = re.compile(r"/emergency/issued/(\d+)/$")


def enter_and_wait(page, where) -> None:
    with page.expect_navigation(url=where):
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["he", "ar"])
def test_the_main_flow_by_keyboard_alone(new_page, make_user, authority, language):  # noqa: F811
    ceo = make_user(authority=authority, role=Role.CEO, language=language, full_name="אבי שרון")
    message = approved_message(authority, ceo=ceo, title="הפסקת חשמל – SMS")
    page = log_in_with_two_factor(new_page(), ceo)

    walk_the_page(page)
    tab_to(page, f".module-nav a[href='{url('index', authority)}']")
    enter_and_wait(page, f"**{url('index', authority)}")
    walk_the_page(page)
    tab_to(page, f"main a[href='{url('declare', authority)}']")
    enter_and_wait(page, f"**{url('declare', authority)}")

    walk_the_page(page)
    tab_to(page, SUBMIT)  # sent empty: the error summary takes the focus
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_focus_on(page, "[data-error-summary]")
    tab_to(page, "#id_kind")
    page.keyboard.press("ArrowDown")  # the first kind: security / rockets
    tab_to(page, "#id_title")
    page.keyboard.type("נפילת טיל")
    tab_to(page, "#id_neighbourhoods")
    page.keyboard.type("עין אור")
    tab_to(page, SUBMIT)
    enter_and_wait(page, DETAIL)
    wait_for_focus_on(page, "[data-messages]")
    with scopes_disabled():
        emergency = Emergency.objects.get(authority=authority)
    assert (emergency.kind, emergency.neighbourhoods) == ("security", "עין אור")
    assert page.locator(".emergency-banner").count() == 1

    walk_the_page(page)
    tab_to(page, f"main a[href='{url('issue_choose', authority, emergency_id=emergency.pk)}']")
    enter_and_wait(page, f"**{url('issue_choose', authority, emergency_id=emergency.pk)}")
    issue_url = url("issue", authority, emergency_id=emergency.pk, sealed_message_id=message.pk)
    tab_to(page, f"main a[href='{issue_url}']")
    enter_and_wait(page, f"**{issue_url}")
    walk_the_page(page)
    tab_to(page, "#id_value_time")
    page.keyboard.type("18:40")
    tab_to(page, "#id_value_instructions")
    page.keyboard.type("יש להטעין טלפונים.")
    tab_to(page, "main form button[name=issue]")
    enter_and_wait(page, ISSUED)
    wait_for_focus_on(page, "[data-messages]")
    with scopes_disabled():
        issued = IssuedMessage.objects.get(authority=authority)
    assert issued.text == "אין חשמל בשכונת עין אור מאז 18:40. יש להטעין טלפונים."
