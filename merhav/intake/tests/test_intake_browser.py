"""The intake pages in a real browser: no axe-core violations in Hebrew, Arabic and English, nothing
wider than a 360 px phone, and the main flow (a family taken in, a department's section filled in) by
keyboard alone in Hebrew and Arabic. Chromium as in tests/browser (skipped without it, failed in CI)."""

import re

import pytest
from django_scopes import scopes_disabled

from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from tests.browser.conftest import log_in_with_two_factor
from tests.browser.keyboard import tab_to, wait_for_focus_on, walk_the_page
from tests.browser.test_accessibility import axe_violations_on, wider_than_the_window

from ..models import Person
from .factories import ServiceFactory
from .support import ID_2, WELFARE, add_person, add_question, answer, take_in, url

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
LANGUAGES = ["he", "ar", "en"]


@pytest.fixture
def pages(make_user, authority):
    """The intake coordinator in `language` and the module's pages, with a family to show."""

    def make(language):
        coordinator = make_user(authority=authority, role=Role.INTAKE_COORDINATOR, language=language,
                                full_name="הילה נחום", department_kind=StandardDepartment.WELFARE)
        head = take_in(authority, by=coordinator)
        child = add_person(head.household, by=coordinator, id_number=ID_2, first_name="נועם", relation="child")
        twin = add_person(head.household, by=coordinator, id_number="", relation="other")
        question = add_question(authority, by=coordinator, section=WELFARE, label="מוכרים ברווחה ביישוב המקור?",
                                key="known", kind="yes_no", required=True)
        answer(head, by=coordinator, section=WELFARE, known="yes")
        service = ServiceFactory(person=child)
        return coordinator, [
            url("index", authority), url("search", authority), url("take_in", authority),
            url("household", authority, household_id=head.household_id),
            url("add_person", authority, household_id=head.household_id),
            url("person", authority, person_id=head.pk), url("person_edit", authority, person_id=head.pk),
            url("section_edit", authority, person_id=head.pk, section=WELFARE),
            url("open_service", authority, person_id=child.pk), url("service", authority, service_id=service.pk),
            url("worklist", authority), url("duplicates", authority), url("merge", authority, person_id=twin.pk),
            url("questionnaire", authority), url("field_add", authority, section=WELFARE),
            url("field_edit", authority, field_id=question.pk), url("import_upload", authority),
            url("retention", authority),
        ]

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_have_no_axe_violations(new_page, pages, language):  # noqa: F811
    coordinator, paths = pages(language)
    page = log_in_with_two_factor(new_page(), coordinator)
    assert axe_violations_on(page, paths, language) == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_fit_a_360px_phone(new_page, pages, language):  # noqa: F811
    coordinator, paths = pages(language)
    page = log_in_with_two_factor(new_page(viewport=PHONE), coordinator)
    assert wider_than_the_window(page, paths) == {}


# --- The main flow by keyboard alone (docs/adding-a-module.md, the definition of done) -----------------

SUBMIT = "main form.card button[type=submit]"


def enter_and_wait(page, where) -> None:
    with page.expect_navigation(url=where):
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["he", "ar"])
def test_a_family_is_taken_in_by_keyboard_alone(new_page, make_user, authority, language):  # noqa: F811
    coordinator = make_user(authority=authority, role=Role.INTAKE_COORDINATOR, language=language,
                            full_name="הילה נחום", department_kind=StandardDepartment.WELFARE)
    add_question(authority, by=coordinator, section=WELFARE, label="צורך בתמיכה", key="support")
    page = log_in_with_two_factor(new_page(), coordinator)

    walk_the_page(page)
    tab_to(page, f".module-nav a[href='{url('index', authority)}']")
    enter_and_wait(page, f"**{url('index', authority)}")
    walk_the_page(page)
    tab_to(page, f"main a[href='{url('take_in', authority)}']")
    enter_and_wait(page, f"**{url('take_in', authority)}")

    walk_the_page(page)
    tab_to(page, SUBMIT)  # sent empty: the error summary takes the focus
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_focus_on(page, "[data-error-summary]")
    for selector, text in (("#id_id_number", "012345674"), ("#id_first_name", "מרים"), ("#id_last_name", "אזולאי"),
                           ("#id_birth_date", "12.03.1984"), ("#id_origin_locality", "עין אור")):
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, SUBMIT)
    enter_and_wait(page, re.compile(r"/households/\d+/$"))
    wait_for_focus_on(page, "[data-messages]")
    with scopes_disabled():
        person = Person.objects.get(authority=authority)
    assert (person.first_name, person.household.origin_locality) == ("מרים", "עין אור")

    walk_the_page(page)
    tab_to(page, f"main a[href='{url('person', authority, person_id=person.pk)}']")
    enter_and_wait(page, f"**{url('person', authority, person_id=person.pk)}")
    walk_the_page(page)
    section = url("section_edit", authority, person_id=person.pk, section=WELFARE)
    tab_to(page, f"main a[href='{section}']")
    enter_and_wait(page, f"**{section}")
    tab_to(page, "#id_support")
    page.keyboard.type("ליווי פרטני")
    tab_to(page, SUBMIT)
    enter_and_wait(page, re.compile(r"/people/\d+/"))
    wait_for_focus_on(page, "[data-messages]")
    assert "ליווי פרטני" in page.content()
