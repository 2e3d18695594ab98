"""The SVG bar charts (merhav.ui.charts): labelled for screen readers, every bar with its value, text
escaped, and laid out right to left in Hebrew and Arabic (labels on the right, bars growing left)."""

import re
import xml.etree.ElementTree as ET

from django.utils import translation

from merhav.ui.charts import bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def chart(**extra):
    return bar_chart(title="פעולות לפי אגף", description="ארבעה מצבים", chart_id="c1",
                     categories=["חינוך", "רווחה <b>"],
                     series=[("בזמן", [3, 0]), ("באיחור", [1, 2])], **extra)


def test_the_chart_is_an_accessible_image():
    root = ET.fromstring(str(chart()))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").get("id") == "c1-title"
    assert root.find(f"{SVG}title").text == "פעולות לפי אגף"
    assert root.find(f"{SVG}desc").get("id") == "c1-desc"


def test_every_bar_has_its_category_series_and_value():
    root = ET.fromstring(str(chart()))
    titles = [r.find(f"{SVG}title").text for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert titles == ["חינוך — בזמן: 3", "חינוך — באיחור: 1", "רווחה <b> — באיחור: 2"]  # no empty bar


def test_text_is_escaped():
    assert "<b>" not in str(chart())
    assert "&lt;b&gt;" in str(chart())


def _label_and_bar(svg: str):
    root = ET.fromstring(svg)
    label = next(t for t in root.iter(f"{SVG}text") if t.text == "חינוך")
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    return root, float(label.get("x")), min(float(r.get("x")) for r in bars), max(
        float(r.get("x")) + float(r.get("width")) for r in bars)


def test_right_to_left_in_hebrew():
    with translation.override("he"):
        root, label_x, bars_start, bars_end = _label_and_bar(str(chart()))
    width = float(root.get("width"))
    assert root.get("direction") == "rtl"
    assert label_x > width * 0.6  # the label stands on the right
    assert bars_end < label_x  # and the bars grow to its left


def test_left_to_right_in_english():
    with translation.override("en"):
        root, label_x, bars_start, bars_end = _label_and_bar(str(chart()))
    assert root.get("direction") == "ltr"
    assert label_x < float(root.get("width")) * 0.4
    assert bars_start > label_x


def test_bars_are_proportional():
    root = ET.fromstring(str(bar_chart(title="t", categories=["a", "b"], series=[("s", [4, 2])], rtl=False)))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert abs(widths[0] - 2 * widths[1]) < 0.1


def test_an_empty_chart_still_renders():
    svg = str(bar_chart(title="ריק", categories=[], series=[("s", [])]))
    assert ET.fromstring(svg).get("role") == "img"
    assert re.search(r"<text[^>]*>—</text>", svg)
