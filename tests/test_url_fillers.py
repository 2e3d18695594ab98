"""The crawler's filler table is the platform's fillers plus those each app keeps in its own
tests/url_fillers.py, so a module adds its URL kwargs in its own folder."""

import pytest

from merhav.lessons.tests import url_fillers as lessons_fillers
from tests.url_fillers import FILLERS, PLATFORM_FILLERS, Fillers, constant


def test_an_apps_fillers_come_from_its_own_folder():
    assert FILLERS["review_id"] is lessons_fillers.FILLERS["review_id"]
    assert FILLERS["authority_slug"] is PLATFORM_FILLERS["authority_slug"]
    assert "no_such_kwarg" not in FILLERS


def test_two_fillers_for_one_kwarg_name_are_refused():
    table = Fillers({**PLATFORM_FILLERS, "review_id": constant(1)})
    with pytest.raises(LookupError, match="'review_id' has a filler in tests/url_fillers.py and in merhav.lessons"):
        table["authority_slug"]
