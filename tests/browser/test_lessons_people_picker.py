"""The participant picker of a review in a real browser: each member with role and department, a search
box that narrows a long list by name, role or department; the chosen people are saved (and invited)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.lessons.models import Review
from merhav.lessons.tests.factories import EventFactory
from merhav.notify.models import Notification
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role

from .conftest import log_in
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(make_user, authority):
    staff = make_user(authority=authority, role=Role.STAFF, language="en", full_name="Avi Sharon")
    for n in range(30):  # a city's worth of members, in the list
        make_user(authority=authority, role=Role.STAFF, department_kind=StandardDepartment.WELFARE,
                  full_name=f"Welfare worker {n:02d}")
    engineer = make_user(authority=authority, role=Role.DEPARTMENT_HEAD, full_name="Uri Golan",
                         department_kind=StandardDepartment.ENGINEERING)
    hotline = make_user(authority=authority, role=Role.STAFF, full_name="Sahar Azulay",
                        department_kind=StandardDepartment.HOTLINE)
    event = EventFactory(authority=authority, created_by=staff)
    path = reverse("lessons:review_create", kwargs={"authority_slug": authority.slug}) + f"?event={event.pk}"
    return staff, engineer, hotline, event, path


def test_people_are_found_by_role_and_department_and_invited(new_page, setting):
    staff, engineer, hotline, event, path = setting
    page = log_in(new_page(), staff)
    page.goto(path)
    picker = page.locator("#id_participants")
    assert "Uri Golan · Department head · Engineering" in picker.inner_text()
    search = page.get_by_label("Find participants by name, role or department")
    search.fill("hotline")
    visible = [label for label in picker.locator("label").all() if label.is_visible()]
    assert [label.inner_text().strip() for label in visible] == ["Sahar Azulay · Staff · Municipal hotline (106)"]
    page.get_by_label("Sahar Azulay · Staff · Municipal hotline (106)").check()
    search.fill("engineering")
    page.get_by_label("Uri Golan · Department head · Engineering").check()
    # Someone chosen stays in view while searching for someone else.
    assert page.get_by_label("Sahar Azulay · Staff · Municipal hotline (106)").is_visible()
    page.fill("#id_meeting_time", "10:30")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    with scopes_disabled():
        review = Review.objects.get(event=event)
        assert set(review.participants.all()) == {engineer, hotline}
    assert Notification.objects.filter(recipient__in=[engineer, hotline], kind="lessons.review_invitation").count() == 2


@pytest.mark.parametrize("language", ["he", "ar", "en"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_picker_is_accessible(new_page, setting, language, width):
    staff, _engineer, _hotline, _event, path = setting
    staff.language = language
    staff.save(update_fields=["language"])
    page = log_in(new_page(viewport={"width": width, "height": 900}), staff)
    page.goto(path)
    page.locator("#people-filter").fill("a")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
