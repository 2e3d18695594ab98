"""The event and review pages in a real browser: no axe-core violations in he/ar/en, they fit a 360 px
phone, and review.js saves drafts and turns a conflict into the merge page."""

import re

import pytest
from django.urls import reverse

from merhav.lessons.tests.factories import ReviewFactory
from merhav.lessons.tests.support import add_lesson, make_people, section
from merhav.tenancy.roles import Role

from .conftest import log_in
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
REVIEW_PAGE = re.compile(r"/reviews/\d+/(#.*)?$")


@pytest.fixture
def pages(make_user, authority, ceo):
    """A staff member who facilitates a review; the paths of the event and review pages."""

    def make(language):
        staff = make_user(authority=authority, role=Role.STAFF, language=language, full_name="אבי שרון")
        review = ReviewFactory(authority=authority, created_by=staff, facilitator=staff,
                               participants=[staff, *make_people(make_user, authority, 2)], draft=True)
        add_lesson(review, by=staff, text="יש להכין מראש הודעות נצורות לפגיעה בתשתיות", key=True)
        lesson = add_lesson(review, by=staff, text="המוקד צריך תסריט שיחה קצר")
        slug = authority.slug

        def path(name, **kwargs):
            return reverse(f"lessons:{name}", kwargs={"authority_slug": slug, **kwargs})

        paths = {
            "index": path("index"),
            "event_list": path("event_list"),
            "event_create": path("event_create"),
            "event_detail": path("event_detail", event_id=review.event_id),
            "review_create": path("review_create") + f"?event={review.event_id}",
            "review_detail": path("review_detail", review_id=review.pk),
            "review_edit": path("review_edit", review_id=review.pk),
            "section_edit": path("section_edit", review_id=review.pk, question=2),
            "lesson_create": path("lesson_create", review_id=review.pk),
            "lesson_edit": path("lesson_edit", lesson_id=lesson.pk),
            "examples": path("examples"),
            "synonyms": path("synonyms"),
        }
        return staff, review, paths

    return make


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_review_pages_have_no_axe_violations(new_page, pages, language):
    staff, review, paths = pages(language)
    page = log_in(new_page(), staff)
    found = {}
    for name, path in paths.items():
        page.goto(path)
        assert page.get_attribute("html", "lang") == language
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}


def test_review_pages_fit_a_phone(new_page, pages):
    staff, review, paths = pages("he")
    page = log_in(new_page(viewport=PHONE), staff)
    too_wide = {}
    for name, path in paths.items():
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
    assert too_wide == {}


def test_autosave_then_a_conflict_opens_the_merge_page(new_page, pages):
    staff, review, paths = pages("en")
    first = log_in(new_page(), staff)
    second = first.context.new_page()  # the same person in a second tab: a conflict all the same
    first.goto(paths["review_detail"])
    second.goto(paths["review_detail"])

    first.fill("#id_q4_text", "The lesson from the first tab")
    first.wait_for_selector("#q4 .autosave-status[data-state=saved]")
    assert section(review, 4).text == "The lesson from the first tab"

    second.fill("#id_q4_text", "The lesson from the second tab")
    second.wait_for_url("**/questions/4/")
    merge = second.inner_text("main")
    assert "The lesson from the first tab" in merge and "The lesson from the second tab" in merge
    assert axe_violations(second) == []
    second.click("main form.card button[type=submit]")
    second.wait_for_url(REVIEW_PAGE)
    stored = section(review, 4).text
    assert "The lesson from the first tab" in stored and "The lesson from the second tab" in stored


def test_sections_save_without_javascript(new_page, pages):
    staff, review, paths = pages("he")
    page = log_in(new_page(java_script_enabled=False), staff)
    page.goto(paths["review_detail"])
    page.fill("#id_q1_text", "להחזיר מידע ברור לתושבים")
    page.click("#q1 form.section-form button[type=submit]")
    page.wait_for_url(REVIEW_PAGE)
    assert section(review, 1).text == "להחזיר מידע ברור לתושבים"
