"""A page waiting for the worker updates itself, and a person can stop that (WCAG 2.2.1 Timing
Adjustable): the people-import check page. Playwright's clock moves time on; nothing waits for real."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from merhav.tenancy.models import PeopleImport

from .conftest import log_in_with_two_factor

pytestmark = pytest.mark.browser
START = datetime(2026, 12, 1, 2, 0)


def test_the_waiting_page_reloads_until_the_person_stops_it(new_page, authority, authority_admin, live_server):
    stored = PeopleImport.objects.create(authority=authority, created_by=authority_admin, file_name="people.xlsx")
    page = new_page()
    log_in_with_two_factor(page, authority_admin)
    path = reverse("tenancy:people_import_preview", kwargs={"authority_slug": authority.slug, "token": stored.token})
    loads = []
    page.on("load", lambda _page: loads.append(1))
    page.clock.install(time=START)
    page.clock.pause_at(START + timedelta(seconds=1))  # from here time moves only when the test says
    page.goto(path)
    toggle = page.locator("[data-reload-toggle]")
    assert toggle.is_visible()
    with page.expect_navigation():
        page.clock.run_for(4000)
    assert len(loads) == 2

    toggle.click()
    assert toggle.inner_text() == toggle.get_attribute("data-start-label")
    page.clock.run_for(60_000)
    assert len(loads) == 2  # stopped: no reload in a minute
    page.reload()  # the choice holds for the tab
    page.clock.run_for(60_000)
    assert len(loads) == 3

    toggle.click()  # and it starts again
    with page.expect_navigation():
        page.clock.run_for(4000)
    assert len(loads) == 4
