"""merhav.ui.formatting gives what Django's template filters give, in every language of Merhav."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from merhav.ui.formatting import iso_date, number, short_date

AWARE = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)  # already 2 March in Jerusalem


@pytest.mark.parametrize("language", ["he", "ar", "en"])
@pytest.mark.parametrize("value", [dt.date(2026, 3, 1), dt.date(1999, 12, 31), AWARE])
def test_dates_as_the_date_filter_prints_them(language, value):
    template = Template('{{ v|date:"SHORT_DATE_FORMAT" }}|{{ v|date:"Y-m-d" }}')
    with translation.override(language):
        assert f"{short_date(value)}|{iso_date(value)}" == template.render(Context({"v": value}))


@pytest.mark.parametrize("language", ["he", "ar", "en"])
@pytest.mark.parametrize("value", [0, 7, 1234, 1234567, -42])
def test_numbers_as_a_template_prints_them(language, value):
    with translation.override(language):
        assert number(value) == Template("{{ v }}").render(Context({"v": value}))


def test_nothing_is_empty():
    assert (number(None), short_date(None), iso_date(None)) == ("", "", "")
