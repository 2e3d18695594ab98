"""The action-item and follow-up pages in a real browser: no axe-core violations in he/ar/en, and they fit a
360 px phone."""

import pytest
from django.urls import reverse

from merhav.lessons.services.follow_ups import schedule_follow_up
from merhav.lessons.tests.factories import ActionItemFactory, LessonFactory, ReviewFactory
from merhav.lessons.tests.support import complete
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role

from .conftest import log_in
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}


@pytest.fixture
def pages(make_user, authority, ceo):
    """A staff member who facilitates two reviews and owns actions; the paths of the pages they use."""

    def make(language):
        staff = make_user(authority=authority, role=Role.STAFF, language=language,
                          department_kind=StandardDepartment.SECURITY, full_name="יואב כהן")
        review = ReviewFactory(authority=authority, created_by=ceo, facilitator=staff)
        lesson = LessonFactory(review=review, text="יש להכין סט של הודעות נצורות למקרה של פגיעה בתשתית", is_key=True)
        action = ActionItemFactory(review=review, owner=staff, lesson=lesson, title="להכין סט הודעות נצורות",
                                   description="לאשר אצל המנכ\"ל")
        done = complete(ReviewFactory(authority=authority, created_by=ceo, facilitator=staff,
                                      title="קליטת מפונים"), by=ceo)
        ActionItemFactory(review=done, owner=staff, title="שאלון קליטה אחד")
        schedule_follow_up(review=done)
        slug = authority.slug
        paths = {
            "my_actions": reverse("lessons:my_actions", kwargs={"authority_slug": slug}),
            "department_actions": reverse("lessons:department_actions", kwargs={"authority_slug": slug}),
            "action_detail": reverse("lessons:action_detail", kwargs={"authority_slug": slug, "action_id": action.pk}),
            "action_edit": reverse("lessons:action_edit", kwargs={"authority_slug": slug, "action_id": action.pk}),
            "action_add": reverse("lessons:action_add", kwargs={"authority_slug": slug, "review_id": review.pk}),
            "follow_up": reverse("lessons:follow_up", kwargs={"authority_slug": slug, "review_id": done.pk}),
        }
        return staff, paths

    return make


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_action_pages_have_no_axe_violations(new_page, pages, language):
    staff, paths = pages(language)
    page = log_in(new_page(), staff)
    found = {}
    for name, path in paths.items():
        page.goto(path)
        assert page.get_attribute("html", "lang") == language
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}


def test_action_pages_fit_a_phone(new_page, pages):
    staff, paths = pages("he")
    page = log_in(new_page(viewport=PHONE), staff)
    too_wide = {}
    for name, path in paths.items():
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
    assert too_wide == {}
