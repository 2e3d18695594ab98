"""The accessibility and language sweep: every page type (one address per URL pattern name, tests/browser/sweep.py),
in Hebrew, Arabic and English, at desktop (1280 px) and phone (360 px) width.

On every page, in every language:
- axe-core finds no violation, at both widths (the phone layout folds tables into cards and the navigation
  into fewer rows; the desktop layout shows everything: each has its own markup to get wrong).
- no untranslated string (Hebrew and Arabic): no visible text, and no aria-label, title, placeholder or alt,
  is equal to an English msgid of the catalogs (locale/*/LC_MESSAGES/django.po) whose translation differs.
  Checked at 1280 px, where nothing is folded away.
- no text overflows its box, at both widths: the document is no wider than the window, and no visible element
  whose overflow is visible has content wider than itself.

One browser context per language and width, logged in once (the session cookie of a verified login).
To re-check a few pages after a fix: MERHAV_SWEEP_ONLY="resources:index,strategy:pilot" pytest this file (URL names,
or personas of tests/browser/sweep.py: MERHAV_SWEEP_ONLY=community_leader).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.url_fillers import World

from .sweep import pages_to_visit
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

LANGUAGES = ["he", "ar", "en"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

_PO_ENTRY = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')


def _unquote(text: str) -> str:
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape") if "\\" in text else text


def untranslated_msgids(language: str) -> set[str]:
    """The English msgids (and plurals) with a Latin letter whose translation in `language` is not the same text."""
    po = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = {}
            entries.append(current)
        match = _PO_ENTRY.match(line)
        if match:
            key = match.group(1)
            current[key] = _unquote(match.group(2))
        elif line.startswith('"') and key:
            current[key] += _unquote(line[1:-1])
    found = set()
    for entry in entries:
        translations = {value for name, value in entry.items() if name.startswith("msgstr")}
        for name in ("msgid", "msgid_plural"):
            text = entry.get(name, "").strip()
            if text and re.search(r"[A-Za-z]", text) and text not in translations:
                found.add(text)
    return found


VISIBLE_TEXTS = """() => {
  const texts = [];
  const visible = (el) => el && el.checkVisibility && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  // Text marked as another language (the language switch names each language in itself) is not a translation.
  const page = document.documentElement.lang;
  const ours = (el) => { const marked = el.closest('[lang]'); return !marked || marked.lang === page; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    const parent = node.parentElement;
    if (text && parent && !['SCRIPT', 'STYLE', 'TEXTAREA'].includes(parent.tagName) && visible(parent) && ours(parent)) texts.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
    if (!ours(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = (el.getAttribute(name) || '').trim();
      if (value) texts.push(value);
    }
  }
  return texts;
}"""

OVERFLOWS = """() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) found.push(`the document is ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') || el.clientWidth === 0) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.display === 'contents' || style.overflowX !== 'visible') continue;
    if (!el.checkVisibility({checkVisibilityCSS: true})) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      found.push(`${describe(el)} holds ${el.scrollWidth}px in ${el.clientWidth}px: "${el.innerText.replace(/\\s+/g, ' ').slice(0, 60)}"`);
    }
  }
  return found.slice(0, 5);
}"""


@pytest.fixture
def world(authority, other_authority, ceo, outsider):
    return World(a=authority, b=other_authority, a_user=ceo, b_user=outsider)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_in_every_language_and_width(new_page, live_server, world, national_admin, language):
    # What it checks is the rendered page (markup, style, text), the same on either database; every page's
    # behaviour on PostgreSQL is covered by the page tests. One run per CI (SQLite) keeps CI's time in bounds.
    if connection.vendor != "sqlite" and not os.environ.get("MERHAV_SWEEP_ON_ANY_DATABASE"):
        pytest.skip("the page sweep runs on SQLite (set MERHAV_SWEEP_ON_ANY_DATABASE=1 to run it here)")
    sweep = pages_to_visit(world, national_admin)
    pages = sweep.pages
    assert len(pages) > 190, f"only {len(pages)} pages to sweep; these answered otherwise: {sweep.others}"
    if only := os.environ.get("MERHAV_SWEEP_ONLY"):
        pages = [p for p in pages if p.name in only.split(",") or p.who in only.split(",")]
    msgids = untranslated_msgids(language) if language != "en" else set()
    problems: list[str] = []
    for width in (DESKTOP, PHONE):
        tabs = {}
        for who in dict.fromkeys(visit.who for visit in pages):
            tab = new_page(viewport=width, locale=language)
            tab.context.add_cookies(sweep.personas[who].cookies(live_server.url, language))
            tabs[who] = tab
        for visit in pages:
            page = tabs[visit.who]
            where = f"{visit.name} {visit.path} ({language}, {width['width']}px, as {visit.who})"
            response = page.goto(visit.path)
            if response is None or response.status != visit.status or page.get_attribute("html", "lang") != language:
                problems.append(f"{where}: {response and response.status}, lang {page.get_attribute('html', 'lang')}")
                continue
            problems.extend(f"{where}: overflow: {o}" for o in page.evaluate(OVERFLOWS))
            if width is DESKTOP and msgids:
                english = sorted({t for t in page.evaluate(VISIBLE_TEXTS) if t in msgids})
                if english:
                    problems.append(f"{where}: untranslated: {english}")
            problems.extend(f"{where}: axe: {v}" for v in axe_violations(page))
    print(f"\n{language}: {len(pages)} pages x 2 widths swept; not pages: {sorted(sweep.others)}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
