"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

`python3 scripts/test.py` installs Chromium when it is missing. When the browser cannot start the tests
fail in CI (CI=true) and are skipped elsewhere, with the reason.
"""

import os

from conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

def log_in(page, user, password: str = PASSWORD):
    """Log in through the login form, as a person would."""
    page.goto("/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"login failed: still on {page.url}"
    return page


def html_lang_dir(page) -> tuple[str, str]:
    return page.get_attribute("html", "lang"), page.get_attribute("html", "dir")


def two_factor_device(user):
    """A confirmed authenticator (TOTP) device of the user, as after the setup page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def log_in_with_two_factor(page, user, password: str = PASSWORD):
    """Log in through the login form and the two-factor check, with the code the user's app would show."""
    from merhav.accounts.tests.otp import current_code

    device = two_factor_device(user)
    page.goto("/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_selector("input[name=otp_token]")
    page.fill("input[name=otp_token]", current_code(device))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/login/" not in page.url and "/2fa/" not in page.url, f"login failed: still on {page.url}"
    return page
