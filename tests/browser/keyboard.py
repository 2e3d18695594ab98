"""Keyboard-only walks for browser tests: after a navigation the test moves only with page.keyboard.

At every stop the focused element must show a focus ring (a computed outline or box-shadow), and Tab must
always move the focus on: an element that keeps it, or a page whose Tab never comes round again, is a trap.
The helpers read the page with page.evaluate and wait with page.wait_for_*; they never click or fill.
"""

from __future__ import annotations

from dataclasses import dataclass

# The focused element, seen by a script: its ring, and an identity that survives between two presses.
_FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) { return null; }
  window.__kbCounter = window.__kbCounter || 0;
  if (!el.__kbId) { el.__kbId = ++window.__kbCounter; }
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = Boolean(style.boxShadow) && style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  return {
    key: el.__kbId,
    ring: outline || shadow,
    seen: box.width > 0 && box.height > 0,
    html: el.outerHTML.slice(0, 160),
  };
}
"""


@dataclass(frozen=True)
class Stop:
    key: int
    ring: bool
    seen: bool
    html: str


class KeyboardTrap(AssertionError):
    pass


def focused(page) -> Stop | None:
    info = page.evaluate(_FOCUSED)
    return Stop(**info) if info else None


def assert_ring(stop: Stop | None) -> None:
    assert stop is not None, "the focus fell to the page body"
    assert stop.seen, f"the focused element is not on screen: {stop.html}"
    assert stop.ring, f"no visible focus ring on {stop.html}"


def press_tab(page, *, backwards: bool = False) -> Stop | None:
    """One Tab (or Shift+Tab); the new stop must show its ring, and the focus must have moved."""
    before = focused(page)
    page.keyboard.press("Shift+Tab" if backwards else "Tab")
    after = focused(page)
    if after is None:  # between the last element and the first: the browser's own stop
        return None
    if before is not None and after.key == before.key:
        raise KeyboardTrap(f"Tab left the focus on {after.html}")
    assert_ring(after)
    return after


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 250) -> int:
    """Tab (or Shift+Tab) until the focused element matches `selector`; returns the number of presses.

    Fails when the element is not reached after going once round the page, or when a stop keeps the focus.
    """
    matches = f"() => document.activeElement && document.activeElement.matches({selector!r})"
    if page.evaluate(matches):
        assert_ring(focused(page))
        return 0
    seen: set[int] = set()
    for presses in range(1, limit + 1):
        stop = press_tab(page, backwards=backwards)
        if page.evaluate(matches):
            return presses
        if stop is not None:
            if stop.key in seen:
                raise AssertionError(f"went round the page without reaching {selector}")
            seen.add(stop.key)
    raise KeyboardTrap(f"{limit} presses of Tab did not reach {selector}: the focus is held somewhere")


def walk_the_page(page, *, limit: int = 400) -> int:
    """Tab through every stop of the page until the focus comes round to where it started; returns the
    number of stops. Each stop shows its ring; none keeps the focus; the walk ends (no trap)."""
    first: int | None = None
    stops = 0
    for _ in range(limit):
        stop = press_tab(page)
        if stop is None:
            continue
        if first is None:
            first = stop.key
        elif stop.key == first:
            return stops
        stops += 1
    raise KeyboardTrap(f"{limit} presses of Tab never came round to the first stop again")


def wait_for_focus_on(page, selector: str) -> Stop:
    """After a page load: wait until the page has put the focus on `selector`, which must show its ring."""
    page.wait_for_function(f"() => document.activeElement && document.activeElement.matches({selector!r})")
    stop = focused(page)
    assert_ring(stop)
    return stop
