"""The audit log as the municipal auditor reads it, in a real browser: objects named in the reader's
language with a link ("Action: …", the review's title), field labels, what a refused action attempted;
no axe-core violations in he/ar/en at 1280 and 360 px."""

import pytest
from django.urls import reverse

from merhav.audit.services import Action, record
from merhav.lessons.tests.factories import ActionItemFactory, ReviewFactory
from merhav.tenancy.roles import Role

from .conftest import log_in_with_two_factor
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

SHOWN = {
    "he": ["משימה: להכין הודעות נצורות", "תחקיר: הפסקת חשמל בעין אור", "תאריך יעד", "ניסיון:"],
    "ar": ["مهمة: להכין הודעות נצורות", "المراجعة: הפסקת חשמל בעין אור", "الموعد النهائي", "محاولة:"],
    "en": ["Action: להכין הודעות נצורות", "Review: הפסקת חשמל בעין אור", "due date", "Attempted:",
           "mark a review as held", "Print view"],
}


@pytest.fixture
def log(make_user, authority):
    staff = make_user(authority=authority, role=Role.STAFF, full_name="Yoav Cohen")
    review = ReviewFactory(authority=authority, title="הפסקת חשמל בעין אור")
    action = ActionItemFactory(review=review, owner=staff, title="להכין הודעות נצורות")
    record(action=Action.UPDATE, user=staff, authority=authority, obj=action, fields=["due_date", "owner"])
    record(action=Action.PRINT, user=staff, authority=authority, obj=review)
    record(action=Action.DENIED, user=staff, authority=authority, obj=review,
           fields=["perm:lessons.hold_review", f"page:POST /a/{authority.slug}/lessons/reviews/{review.pk}/hold/"])
    return reverse("audit:log", kwargs={"authority_slug": authority.slug}), action


@pytest.mark.parametrize("language", ["he", "ar", "en"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_auditor_reads_the_log_in_their_language(new_page, make_user, authority, log, language, width):
    path, action = log
    auditor = make_user(authority=authority, role=Role.AUDITOR, language=language, full_name="Dan Friedman")
    page = log_in_with_two_factor(new_page(viewport={"width": width, "height": 900}), auditor)
    page.goto(path)
    text = page.locator("main").inner_text()
    for word in SHOWN[language]:
        assert word in text
    assert "lessons.actionitem" not in text and "due_date" not in text
    page.get_by_role("link", name=SHOWN[language][0]).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/lessons/actions/{action.pk}/")
    page.go_back()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
