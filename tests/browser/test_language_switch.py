import pytest

from .conftest import html_lang_dir, log_in

pytestmark = pytest.mark.browser


def test_header_buttons_switch_language_and_direction(new_page, staff, authority):
    page = log_in(new_page(), staff)
    assert page.url.endswith(f"/a/{authority.slug}/")
    assert html_lang_dir(page) == ("he", "rtl")

    page.click(".lang-switch button[value=ar]")
    page.wait_for_selector("html[lang=ar]")
    assert html_lang_dir(page) == ("ar", "rtl")
    assert page.url.endswith(f"/a/{authority.slug}/"), "the switch returns to the same page"

    page.click(".lang-switch button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert html_lang_dir(page) == ("en", "ltr")
    assert page.get_attribute(".lang-switch button[value=en]", "aria-pressed") == "true"

    page.click(".lang-switch button[value=he]")
    page.wait_for_selector("html[lang=he]")
    assert html_lang_dir(page) == ("he", "rtl")


def test_chosen_language_is_remembered_at_next_login(new_page, staff):
    page = log_in(new_page(), staff)
    page.click(".lang-switch button[value=en]")
    page.wait_for_selector("html[lang=en]")

    again = log_in(new_page(), staff)
    assert html_lang_dir(again) == ("en", "ltr")
