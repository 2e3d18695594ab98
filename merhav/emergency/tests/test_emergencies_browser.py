"""The emergencies pages in a real browser: no axe-core violations in Hebrew, Arabic and English,
nothing wider than a 360 px phone, and the main flow by keyboard alone in Hebrew and Arabic. Chromium as
in tests/browser (skipped without it, failed in CI). One file: the browser is a session fixture, imported
here once."""

import re

import pytest
from django_scopes import scopes_disabled

from merhav.tenancy.roles import Role
from tests.browser.conftest import chromium, log_in, new_page  # noqa: F401  (the browser fixtures)
from tests.browser.keyboard import tab_to, wait_for_focus_on, walk_the_page
from tests.browser.test_accessibility import axe_violations

from ..models import Emergency
from .support import make_emergency, url

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
LANGUAGES = ["he", "ar", "en"]


@pytest.fixture
def pages(make_user, authority):
    """A staff member in `language` and the module's pages, with one emergency to show."""

    def make(language):
        staff = make_user(authority=authority, role=Role.STAFF, language=language, full_name="יואב כהן")
        emergency = make_emergency(authority, by=staff, title="אירוע חירום ראשון בבדיקה",
                                     description="תיאור ארוך " * 20)
        return staff, [
            url("index", authority), url("create", authority),
            url("detail", authority, emergency_id=emergency.pk), url("edit", authority, emergency_id=emergency.pk),
        ]

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_have_no_axe_violations(new_page, pages, language):  # noqa: F811
    staff, paths = pages(language)
    page = log_in(new_page(), staff)
    found = {}
    for path in paths:
        page.goto(path)
        assert page.get_attribute("html", "lang") == language
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_fit_a_360px_phone(new_page, pages, language):  # noqa: F811
    staff, paths = pages(language)
    page = log_in(new_page(viewport=PHONE), staff)
    widths = {}
    for path in paths:
        page.goto(path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    assert {path: width for path, width in widths.items() if width > PHONE["width"]} == {}


# --- The main flow by keyboard alone (docs/adding-a-module.md, the definition of done) -----------------

SUBMIT = "main form button[type=submit]"
DETAIL = re.compile(r"/(\d+)/$")


def enter_and_wait(page, where) -> None:
    with page.expect_navigation(url=where):
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["he", "ar"])
def test_the_main_flow_by_keyboard_alone(new_page, make_user, authority, language):  # noqa: F811
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
    page.keyboard.type("אירוע חירום מהמקלדת")
    tab_to(page, SUBMIT)
    enter_and_wait(page, DETAIL)
    wait_for_focus_on(page, "[data-messages]")  # "Saved." reports the action
    with scopes_disabled():
        emergency = Emergency.objects.get(authority=authority)
    assert emergency.title == "אירוע חירום מהמקלדת"

    walk_the_page(page)
    tab_to(page, f"main a[href='{url('edit', authority, emergency_id=emergency.pk)}']")
    enter_and_wait(page, f"**{url('edit', authority, emergency_id=emergency.pk)}")
    walk_the_page(page)
    tab_to(page, "#id_title")
    page.keyboard.press("End")
    page.keyboard.type(" (נערך)")
    tab_to(page, SUBMIT)
    enter_and_wait(page, DETAIL)
    wait_for_focus_on(page, "[data-messages]")
    with scopes_disabled():
        emergency.refresh_from_db()
    assert emergency.title == "אירוע חירום מהמקלדת (נערך)"
