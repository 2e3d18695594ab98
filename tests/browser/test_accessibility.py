"""axe-core (bundled with axe-playwright-python, no network) finds no violations on the main pages."""

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser

LANGUAGES = ["he", "ar", "en"]


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]


def _open(page, path: str) -> None:
    """Go to path, and fail if it sent the browser elsewhere (a login page or a redirect is not the page checked)."""
    page.goto(path)
    assert page.url.endswith(path), f"{path} was not shown: {page.url}"


def axe_violations_on(page, paths, language: str) -> dict[str, list[str]]:
    """Open each path (checking the page is in `language`) and run axe: {path: violations} of the failing ones."""
    found = {}
    for path in paths:
        _open(page, path)
        assert page.get_attribute("html", "lang") == language, path
        if violations := axe_violations(page):
            found[path] = violations
    return found


def wider_than_the_window(page, paths) -> dict[str, int]:
    """Open each path: {path: the document's width} of those wider than the page's window (a phone's 360 px)."""
    widths = {}
    for path in paths:
        _open(page, path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    return {path: width for path, width in widths.items() if width > page.viewport_size["width"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_has_no_axe_violations(new_page, make_user, authority, language):
    user = make_user(authority=authority, language=language)
    page = log_in(new_page(), user)
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_has_no_axe_violations(new_page, language, db):
    page = new_page()
    page.goto("/login/")
    page.click(f".lang-switch button[value={language}]")
    page.wait_for_selector(f"html[lang={language}]")
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_accessibility_statement_has_no_axe_violations(new_page, language, db):
    import datetime as dt

    from merhav.ui.models import AccessibilityStatement

    AccessibilityStatement.objects.create(
        pk=AccessibilityStatement.SINGLETON_ID, coordinator_name="רונית לוי", coordinator_email="access@merhav.example",
        coordinator_phone="03-1234567", reviewed_on=dt.date(2026, 3, 1),
    )
    page = new_page(locale=language)
    page.goto("/login/")
    page.click("footer a[href='/accessibility/']")  # linked from every page's footer, before login too
    page.wait_for_url("**/accessibility/")
    assert page.get_attribute("html", "lang") == language
    assert "03-1234567" in page.inner_text("main")
    assert axe_violations(page) == []
