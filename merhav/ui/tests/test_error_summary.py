"""A form that failed shows, on top, a summary of its errors that takes the focus; each error links to its field."""

import re
from pathlib import Path

from django import forms
from django.template import Context, Template
from django.utils import translation

from merhav.lessons.tests.support import url

ROOT = Path(__file__).resolve().parents[2]


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        self.add_error(None, "Someone else saved meanwhile.")


def render(form) -> str:
    with translation.override("en"):
        return Template('{% include "ui/form_fields.html" %}').render(Context({"form": form}))


def test_every_error_is_listed_and_a_field_error_links_to_its_field():
    html = render(InviteForm({"email": "not an email", "version": "x"}))
    summary = html[html.index('class="error-summary"'):html.index("</ul>")]
    assert "autofocus" in summary and 'tabindex="-1"' in summary and 'role="alert"' in summary
    assert "Someone else saved meanwhile." in summary
    assert '<a href="#id_email">Email: Enter a valid email address.</a>' in summary
    # The hidden field has nowhere to go: its error is listed without a link.
    assert re.search(r"<li>Enter a whole number\.</li>", summary)


def test_a_form_without_errors_has_no_summary():
    assert "error-summary" not in render(InviteForm())
    ok = forms.Form({})
    assert "error-summary" not in render(ok)


def test_a_failed_submit_of_the_event_form_shows_the_summary(login, staff, authority):
    response = login(staff, "he").post(url("event_create", authority), {"title": "", "starts_on": "31.02.2026"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in body and "יש בעיה" in body
    assert 'href="#id_title"' in body and 'href="#id_starts_on"' in body


def test_every_template_that_renders_form_fields_shows_the_summary():
    """A template that lays out a form's fields itself must call {% error_summary form %}; the others
    include ui/form_fields.html, which does."""
    renders_fields = re.compile(r"as_field_group|\bform\w*(\.\w+)*\.errors|field\.errors")
    missing = []
    for template in sorted(ROOT.glob("merhav/*/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        if renders_fields.search(text) and "error_summary" not in text and "ui/form_fields.html" not in text:
            missing.append(str(template.relative_to(ROOT)))
    assert missing == []
