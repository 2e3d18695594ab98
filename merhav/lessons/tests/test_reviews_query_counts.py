"""The index, the event list and the review page cost the same number of queries at any size."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from merhav.lessons.models import ActionItem
from merhav.lessons.services.reviews import add_comment, save_section

from .factories import EventFactory, ReviewFactory
from .support import add_lesson, make_people, section, url


def _fill(authority, *, by, reviews: int, per_review: int):
    """`reviews` reviews, each with `per_review` lessons, actions and comments on every section."""
    made = []
    for n in range(reviews):
        event = EventFactory(authority=authority, created_by=by, title=f"אירוע {n}")
        review = ReviewFactory(authority=authority, created_by=by, event=event, facilitator=by, participants=[by],
                               title=f"תחקיר {n}", draft=True)
        with scope(authority=authority):
            for q in range(1, 6):
                save_section(review=review, question=q, text=f"תשובה {q}", version=1, by=by)
                for c in range(per_review):
                    add_comment(section=section(review, q), text=f"הערה {c}", by=by)
            for m in range(per_review):
                lesson = add_lesson(review, by=by, text=f"לקח {n}.{m}", key=m < 3, level="system")
                ActionItem.objects.create(authority=authority, review=review, lesson=lesson, title=f"פעולה {m}",
                                          owner=by, due_date=timezone.localdate() + timedelta(days=m))
        made.append(review)
    return made


@pytest.mark.parametrize("size", [(2, 1), (12, 4)])
def test_index_queries_do_not_grow(login, authority, ceo, django_assert_max_num_queries, size):
    _fill(authority, by=ceo, reviews=size[0], per_review=size[1])
    client = login(ceo)
    with django_assert_max_num_queries(13):  # with the emergency banner's one
        response = client.get(url("index", authority), {"q": "תחקיר"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == size[0]


@pytest.mark.parametrize("size", [(2, 1), (12, 4)])
def test_event_list_queries_do_not_grow(login, authority, ceo, django_assert_max_num_queries, size):
    _fill(authority, by=ceo, reviews=size[0], per_review=1)
    client = login(ceo)
    with django_assert_max_num_queries(13):  # with the emergency banner's one
        assert client.get(url("event_list", authority)).status_code == 200


@pytest.mark.parametrize("per_review", [1, 6])
def test_review_page_queries_do_not_grow(login, authority, ceo, make_user, django_assert_max_num_queries,
                                         per_review):
    review = _fill(authority, by=ceo, reviews=1, per_review=per_review)[0]
    with scope(authority=authority):
        review.participants.add(*make_people(make_user, authority, per_review))
    client = login(ceo)
    with django_assert_max_num_queries(18):  # with the emergency banner's one and the review's guests without an account
        response = client.get(url("review_detail", authority, review_id=review.pk))
    assert response.status_code == 200
    assert len(response.context["lessons"]) == per_review


@pytest.mark.parametrize("reviews", [1, 5])
def test_event_page_queries_do_not_grow(login, authority, ceo, django_assert_max_num_queries, reviews):
    event = EventFactory(authority=authority, created_by=ceo)
    for n in range(reviews):
        ReviewFactory(authority=authority, created_by=ceo, event=event, facilitator=ceo, title=f"תחקיר {n}", draft=True)
    client = login(ceo)
    with django_assert_max_num_queries(14):  # with the emergency banner's one
        assert client.get(url("event_detail", authority, event_id=event.pk)).status_code == 200
