"""The browser fixtures of every real-browser test, registered once for the whole session by the root
conftest (`pytest_plugins`): one Playwright and one Chromium per test run. A test module must not import
`chromium` or `new_page` itself: an imported session fixture is a second definition, which would start a
second Playwright inside the first one's event loop."""

import os

import pytest

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
