"""Usable on a 360 px phone: nothing wider than the screen (no horizontal scrolling)."""

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_dashboard_fits_360px(new_page, make_user, authority, language):
    user = make_user(authority=authority, language=language)
    page = log_in(new_page(viewport=PHONE), user)
    assert page.get_attribute("html", "lang") == language
    assert page_width(page) <= PHONE["width"]


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_login_page_fits_360px(new_page, language, db):
    page = new_page(viewport=PHONE)
    page.goto("/login/")
    page.click(f".lang-switch button[value={language}]")
    page.wait_for_selector(f"html[lang={language}]")
    assert page_width(page) <= PHONE["width"]
