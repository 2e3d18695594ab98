"""The review page carries the five questions with their prompts, the event kind's prompts and the
safe space; the examples page carries the seed's two worked examples."""

from merhav.lessons import guides
from merhav.lessons.models import EventKind, Question

from .factories import EventFactory, ReviewFactory
from .support import url


def test_every_kind_has_prompts_for_every_question():
    for kind in EventKind.values:
        if kind == EventKind.OTHER:
            continue
        assert set(guides.KIND_PROMPTS[kind]) == set(Question.values), kind


def test_the_review_page_shows_the_questions_prompts_and_safe_space(login, authority, ceo):
    event = EventFactory(authority=authority, created_by=ceo, kind=EventKind.SCHOOL_YEAR)
    review = ReviewFactory(authority=authority, created_by=ceo, event=event, draft=True)
    body = login(ceo, language="en").get(url("review_detail", authority, review_id=review.pk)).content.decode()
    for q in Question:
        assert str(q.label) in body
    assert "Facts, not interpretation: times, numbers, who did what." in body
    assert "Which schools and kindergartens opened without something they needed" in body  # the kind's prompt
    assert "Draw the timeline" not in body  # not the emergency's
    for rule in guides.SAFE_SPACE:
        assert str(rule).replace("'", "&#x27;") in body


def test_the_examples_page_shows_the_two_worked_examples(login, authority, staff):
    body = login(staff, language="en").get(url("examples", authority)).content.decode()
    assert "Ein Or" in body and "sealed messages" in body and "by 1.1.2026" in body
    assert "Evacuee intake" in body and "within a month" in body
    assert body.count('class="card example"') == 2
