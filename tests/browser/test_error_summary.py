"""A failed submit shows the error summary on top of the form, focused with a visible ring, in Hebrew and in
Arabic, on forms of two apps (lessons: the event and action forms; workspace: the invitation and new
department forms). Each error links to its field, and following the link puts the focus in the field."""

import pytest
from django.urls import reverse

from merhav.lessons.tests.factories import ReviewFactory
from merhav.tenancy.roles import Role

from .conftest import log_in_with_two_factor
from .keyboard import tab_to, wait_for_focus_on
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

TITLE = {"he": "יש בעיה", "ar": "توجد مشكلة"}
SUBMIT = "main form button[type=submit]:not([name])"

# The summary's links and whether each leads to an element of the page.
LINKS = """
() => Array.from(document.querySelectorAll("[data-error-summary] a")).map(a => ({
  target: a.getAttribute("href").slice(1),
  exists: document.getElementById(a.getAttribute("href").slice(1)) !== null,
}))
"""


@pytest.mark.parametrize("language", ["he", "ar"])
def test_a_failed_submit_shows_a_focused_error_summary(new_page, make_user, authority, language):
    admin = make_user(authority=authority, role=Role.AUTHORITY_ADMIN, language=language, full_name="מנהלת המערכת")
    review = ReviewFactory(authority=authority, created_by=admin, facilitator=admin, draft=True)
    slug = authority.slug
    forms = {
        "lessons: event": (reverse("lessons:event_create", kwargs={"authority_slug": slug}), {"id_title", "id_kind", "id_starts_on"}),
        "lessons: action": (reverse("lessons:action_add", kwargs={"authority_slug": slug, "review_id": review.pk}),
                            {"id_title", "id_owner", "id_due_date"}),
        "workspace: invitation": (reverse("tenancy:invite", kwargs={"authority_slug": slug}), {"id_email"}),
        "workspace: department": (reverse("tenancy:department_add", kwargs={"authority_slug": slug}), {"id_custom_name"}),
    }
    page = log_in_with_two_factor(new_page(), admin)
    found = {}
    for name, (path, fields) in forms.items():
        page.goto(path)
        assert page.get_attribute("html", "lang") == language
        tab_to(page, SUBMIT)  # the form sent empty, by keyboard
        with page.expect_navigation():
            page.keyboard.press("Enter")
        wait_for_focus_on(page, "[data-error-summary]")
        summary = page.inner_text("[data-error-summary]")
        links = page.evaluate(LINKS)
        found[name] = {
            "title": TITLE[language] in summary,
            "links to the fields": {link["target"] for link in links} >= fields and all(link["exists"] for link in links),
            "axe": axe_violations(page),
        }
        # The first link leads into its field.
        tab_to(page, "[data-error-summary] a")
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => document.activeElement.id === {links[0]['target']!r}")
    expected = {"title": True, "links to the fields": True, "axe": []}
    assert found == {name: expected for name in forms}
