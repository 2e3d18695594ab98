"""Script stored in what users see runs nowhere: every page type, in a real browser, with a script payload in
every text field of every object that fills it.

The objects come from tests/url_fillers.py, which puts its marker in every text field of every row it builds
(titles, names, descriptions, lesson and discussion text, of every module): here the marker is a script payload
(<script>, an onerror= handler, an <svg onload>, a javascript: link), stored as typed, without any service's
cleaning, so that every template must escape it. Then the sweep's pages (tests/browser/sweep.py) are opened
as whoever sees each (the CEO, the authority admin, the intake coordinator, the community's leader, …):
- no dialog opens and the window marker the payload would set stays unset;
- no Content-Security-Policy violation is reported (one would mean that markup from the data reached the page
  and only the policy stopped it);
- every page is sent with the policy, which allows no inline script.
"""

from __future__ import annotations

import pytest

from tests import url_fillers
from tests.url_fillers import World

from .sweep import pages_to_visit

pytestmark = pytest.mark.browser

PAYLOAD = '"><script>window.__hostile=1</script><img src=x onerror=window.__hostile=2><svg onload=alert(3)>'

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture
def world(authority, other_authority, ceo, outsider, monkeypatch):
    monkeypatch.setattr(url_fillers, "MARKER", PAYLOAD)
    return World(a=authority, b=other_authority, a_user=ceo, b_user=outsider)


def test_no_stored_script_runs_on_any_page(new_page, live_server, world, national_admin):
    sweep = pages_to_visit(world, national_admin)
    pages = sweep.pages
    assert len(pages) > 190
    dialogs: list[str] = []
    tabs = {}
    for who in dict.fromkeys(visit.who for visit in pages):
        tab = new_page()
        tab.context.add_cookies(sweep.personas[who].cookies(live_server.url))
        tab.add_init_script(WATCH)
        tab.on("dialog", lambda dialog: (dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
        tabs[who] = tab
    problems = []
    for visit in pages:
        page = tabs[visit.who]
        response = page.goto(visit.path)
        where = f"{visit.name} {visit.path} (as {visit.who})"
        policy = response.headers.get("content-security-policy", "") if response else ""
        if "script-src 'self'" not in policy or "unsafe-inline" in policy:
            problems.append(f"{where}: no strict Content-Security-Policy: {policy!r}")
        if page.evaluate("window.__hostile") is not None:
            problems.append(f"{where}: the stored script ran")
        if violations := page.evaluate("window.__csp"):
            problems.append(f"{where}: markup from the data reached the page (CSP blocked {violations})")
        if dialogs:
            problems.append(f"{where}: a dialog opened: {dialogs}")
            dialogs.clear()
    assert not problems, "\n".join(problems)
