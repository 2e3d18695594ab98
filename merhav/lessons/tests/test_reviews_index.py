"""The lessons index: reviews with status, event, meeting date and counts; filters; links to the rest."""

from datetime import date, timedelta

from django.utils import timezone
from django_scopes import scope

from merhav.lessons.models import ActionItem, EventKind

from .factories import EventFactory, ReviewFactory
from .support import add_lesson, held, url


def test_the_index_lists_reviews_with_their_counts(login, authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, title="תחקיר-עין-אור", meeting_date=date(2025, 10, 14),
                           draft=True)
    lesson = add_lesson(review, by=ceo, text="לקח", key=True)
    add_lesson(review, by=ceo, text="לקח נוסף")
    with scope(authority=authority):
        ActionItem.objects.create(authority=authority, review=review, lesson=lesson, title="פעולה", owner=ceo,
                                  due_date=timezone.localdate() + timedelta(days=7))
    response = login(ceo, language="en").get(url("index", authority))
    body = response.content.decode()
    row = response.context["page"].object_list[0]
    assert (row.lesson_count, row.key_lesson_count, row.action_count) == (2, 1, 1)
    assert "תחקיר-עין-אור" in body and review.event.title in body and "14.10.2025" in body
    for name in ("event_list", "examples", "review_create"):
        assert url(name, authority) in body


def test_filters_by_status_kind_period_and_text(login, authority, ceo):
    cultural = EventFactory(authority=authority, created_by=ceo, title="אירוע-תרבות", kind=EventKind.CULTURAL_EVENT,
                            starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 1))
    first = ReviewFactory(authority=authority, created_by=ceo, event=cultural, title="תחקיר-אלפא", draft=True)
    second = ReviewFactory(authority=authority, created_by=ceo, title="תחקיר-בטא", draft=True)
    held(second, by=ceo)
    client = login(ceo)

    def titles(**params):
        return {r.title for r in client.get(url("index", authority), params).context["page"].object_list}

    assert titles() == {first.title, second.title}
    assert titles(status="held") == {"תחקיר-בטא"}
    assert titles(kind=EventKind.CULTURAL_EVENT) == {"תחקיר-אלפא"}
    assert titles(date_from="2025-10-01") == {"תחקיר-בטא"}
    assert titles(date_to="2025-06-01") == {"תחקיר-אלפא"}
    assert titles(q="אלפא") == {"תחקיר-אלפא"}
    assert titles(q="אירוע-תרבות") == {"תחקיר-אלפא"}  # the event's title too


def test_the_index_is_paginated(login, authority, ceo):
    event = EventFactory(authority=authority, created_by=ceo)
    for n in range(27):
        ReviewFactory(authority=authority, created_by=ceo, event=event, title=f"תחקיר {n}", draft=True)
    client = login(ceo)
    assert len(client.get(url("index", authority)).context["page"].object_list) == 25
    assert len(client.get(url("index", authority), {"page": 2}).context["page"].object_list) == 2
