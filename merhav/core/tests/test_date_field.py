"""Dates are typed as dd.mm.yyyy in a text field that says so (merhav.core.forms.DateField)."""

import datetime as dt

import pytest
from django import forms

from merhav.core.forms import DateField


class DueForm(forms.Form):
    due = DateField(label="Due", help_text="When it is due.")


@pytest.mark.parametrize("typed", ["12.11.2026", "12/11/2026", "12-11-2026", "12112026", " 12.11.2026 ", "2026-11-12"])
def test_an_israeli_date_is_read_day_first(typed):
    form = DueForm({"due": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == dt.date(2026, 11, 12)


@pytest.mark.parametrize("typed", ["11/31/2026", "31.02.2026", "12.11.26", "tomorrow"])
def test_a_date_that_is_not_dd_mm_yyyy_is_refused_with_the_format(typed, settings):
    settings.LANGUAGE_CODE = "en"
    form = DueForm({"due": typed})
    assert not form.is_valid()
    assert form.errors["due"] == ["Enter the date as dd.mm.yyyy, e.g. 12.11.2026."]


def test_the_field_is_text_shows_dd_mm_yyyy_and_says_the_format():
    html = str(DueForm(initial={"due": dt.date(2026, 1, 5)})["due"].as_field_group())
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="05.01.2026"' in html
    assert "dd.mm.yyyy" in html and "When it is due." in html
    assert 'aria-describedby="id_due_helptext"' in html
