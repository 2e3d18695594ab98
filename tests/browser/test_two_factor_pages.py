"""Two-factor authentication in a real browser, by keyboard alone: enrolment with the key shown on the
page, the backup codes shown once, the check with a backup code, an authority admin's reset; and axe
finds nothing on these pages, in Hebrew, Arabic and English."""

import pytest
from django_scopes import scope

from merhav.accounts.tests.otp import code_for_key
from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role

from .conftest import log_in
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

LANGUAGES = ["he", "ar", "en"]


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element is focused, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def enrol(page) -> list[str]:
    """On the set-up page: type the app's code for the key shown, press Enter; returns the backup codes."""
    assert "/account/2fa/setup/" in page.url
    secret = page.inner_text("code.totp-key")
    assert page.evaluate("document.activeElement.name") == "otp_token"  # the field has the focus
    page.keyboard.type(code_for_key(secret))
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.backup-codes")
    return page.locator("code.backup-code").all_inner_texts()


@pytest.mark.parametrize("language", LANGUAGES)
def test_enrolment_by_keyboard_shows_the_backup_codes_then_the_page_asked_for(new_page, make_user, authority,
                                                                               language):
    ceo = make_user(authority=authority, role=Role.CEO, language=language)
    page = log_in(new_page(), ceo)
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page) == []
    codes = enrol(page)
    assert len(codes) == 10
    assert axe_violations(page) == []
    tab_to(page, "main a.button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/a/{authority.slug}/")
    assert page.url.endswith(f"/a/{authority.slug}/")


def test_a_backup_code_passes_the_check_by_keyboard(new_page, make_user, authority):
    ceo = make_user(authority=authority, role=Role.CEO, language="en")
    codes = enrol(log_in(new_page(), ceo))
    page = log_in(new_page(), ceo)
    assert "/account/2fa/verify/" in page.url
    assert axe_violations(page) == []
    page.keyboard.type(codes[0])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/a/{authority.slug}/")
    assert page.is_visible("text=You used a backup code")


def test_an_authority_admin_resets_a_members_two_factor(new_page, make_user, authority):
    ceo = make_user(authority=authority, role=Role.CEO, language="en")
    enrol(log_in(new_page(), ceo))
    admin = make_user(authority=authority, role=Role.AUTHORITY_ADMIN, language="en")
    page = log_in(new_page(), admin)
    enrol(page)
    with scope(authority=authority):
        membership = Membership.objects.get(authority=authority, user=ceo)
    page.goto(f"/a/{authority.slug}/people/{membership.pk}/")
    page.click("text=Two-factor authentication")
    assert page.is_visible("text=Two-factor authentication is on")
    assert axe_violations(page) == []
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("main button.button--danger")
    page.wait_for_url(f"**/people/{membership.pk}/")
    assert page.is_visible("text=Two-factor authentication was reset")
    # The member sets it up again at the next login.
    assert "/account/2fa/setup/" in log_in(new_page(), ceo).url
