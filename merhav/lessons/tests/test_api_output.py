"""merhav.core.api.output.Out reads model instances itself; the JSON must be exactly ninja's."""

import pytest

from merhav.core.api import output
from merhav.lessons.tests.api_support import token_api
from merhav.lessons.tests.factories import (
    ActionItemFactory,
    EventFactory,
    LessonFactory,
    ReviewFactory,
)
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

LISTS = ["events", "reviews", "lessons", "actions"]


@pytest.fixture
def lessons_data(authority, ceo, in_scope):
    with in_scope:
        event = EventFactory(authority=authority)
        review = ReviewFactory(authority=authority, event=event, facilitator=ceo)
        LessonFactory(authority=authority, review=review,
                      department=standard_department(authority, StandardDepartment.SECURITY))
        LessonFactory(authority=authority, review=review)
        ActionItemFactory(authority=authority, review=review, owner=ceo)
        ActionItemFactory(authority=authority, review=review)
        ReviewFactory(authority=authority, facilitator=None)
    return review


@pytest.mark.parametrize("path", LISTS)
def test_a_list_is_the_same_json_as_ninja_writes(path, ceo, authority, lessons_data, monkeypatch):
    api = token_api(ceo, authority)
    fast = api.get(path)
    monkeypatch.setattr(output, "FAST", False)
    slow = api.get(path)
    assert fast.status_code == slow.status_code == 200
    assert fast.json()["items"]
    assert fast.content == slow.content


def test_a_detail_is_the_same_json_as_ninja_writes(ceo, authority, lessons_data, monkeypatch):
    api = token_api(ceo, authority)
    fast = api.get(f"reviews/{lessons_data.pk}")
    monkeypatch.setattr(output, "FAST", False)
    slow = api.get(f"reviews/{lessons_data.pk}")
    assert fast.status_code == 200
    assert fast.content == slow.content
