"""Every page works with JavaScript off: logging in and switching the language are plain forms."""

import pytest
from django_scopes import scopes_disabled

from merhav.tenancy import services

from .conftest import html_lang_dir, log_in

pytestmark = pytest.mark.browser


def test_login_and_language_switch_work_without_javascript(new_page, staff, authority):
    page = new_page(java_script_enabled=False)
    log_in(page, staff)
    assert page.url.endswith(f"/a/{authority.slug}/")
    assert page.is_visible("text=Home City") or page.is_visible("text=עיר הבית")

    page.click(".lang-switch button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert html_lang_dir(page) == ("en", "ltr")
    assert page.is_visible("h1:has-text('Home City')")

    page.click(".lang-switch button[value=ar]")
    page.wait_for_selector("html[lang=ar]")
    assert html_lang_dir(page) == ("ar", "rtl")


def test_authority_switcher_opens_without_javascript(new_page, make_user, authority, other_authority):
    user = make_user(authority=authority)
    with scopes_disabled():
        services.set_membership(authority=other_authority, user=user, role="staff")
    page = log_in(new_page(java_script_enabled=False), user)
    page.click("details.switcher summary")
    page.click(f"details.switcher a[href='/a/{other_authority.slug}/']")
    page.wait_for_url(f"**/a/{other_authority.slug}/")
    assert page.is_visible("h1:has-text('עיר אחרת')")
