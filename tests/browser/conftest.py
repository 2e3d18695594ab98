"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

`python3 scripts/test.py` installs Chromium when it is missing. When the browser cannot start the tests
fail in CI (CI=true) and are skipped elsewhere, with the reason.
"""

import os

import pytest

from conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MERHAV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # noqa: BLE001 - any failure to start means no browser tests
        playwright.stop()
        message = (
            f"Chromium could not start from {CHROMIUM}: {exc}\n"
            "Install Debian's chromium (python3 scripts/test.py does it when allowed: "
            "sudo apt-get install chromium) or set MERHAV_CHROMIUM to a Chromium binary."
        )
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def new_page(chromium, live_server):
    """new_page(**context_options) -> a Playwright page in a fresh browser context (cookies of its own)."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        context = chromium.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


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
