"""The merge page after a conflict merges from the common base (the text both editors started from): what
only one side changed is taken, so a shared paragraph appears once; only lines both changed are shown
twice, marked, for the user to resolve."""

import pytest
from django.test import Client

from conftest import verified_login
from merhav.lessons.merge import merge3
from merhav.lessons.models import Question
from merhav.lessons.services.reviews import save_section

from .factories import ReviewFactory
from .support import make_people, section, url

SHARED = "המוקד העירוני הוצף בשיחות ולא הצליח לתת מענה."
BASE = f"פסקה ראשונה: החשמל נפגע בשכונה.\n\n{SHARED}\n\nפסקה שלישית: ההודעות יצאו באיחור."


@pytest.fixture
def review(authority, staff, ceo, make_user):
    return ReviewFactory(authority=authority, created_by=ceo, facilitator=ceo,
                         participants=[staff, *make_people(make_user, authority, 3)], draft=True)


def _client(user):
    client = verified_login(Client(), user)
    session = client.session
    session["merhav_language"] = "en"
    session.save()
    return client


def conflict(authority, review, ceo, staff, theirs: str, yours: str):
    goal = Question.WHAT_HAPPENED
    base = save_section(review=review, question=goal, text=BASE, version=section(review, goal).version, by=ceo)
    saved = _client(ceo).post(url("section_edit", authority, review_id=review.pk, question=goal),
                              {"text": theirs, "version": base.version})
    assert saved.status_code == 302
    response = _client(staff).post(url("section_edit", authority, review_id=review.pk, question=goal),
                                   {"text": yours, "version": base.version})
    assert response.status_code == 409
    return response


def test_a_change_by_each_side_merges_with_no_duplicate_paragraph(authority, review, staff, ceo):
    theirs = BASE.replace("החשמל נפגע בשכונה.", "החשמל נפגע בשכונת עין אור.")
    yours = BASE.replace("ההודעות יצאו באיחור.", "ההודעות לתושבים יצאו באיחור של שעות.")
    response = conflict(authority, review, ceo, staff, theirs, yours)
    merged = response.context["form"].initial["text"]
    assert merged == ("פסקה ראשונה: החשמל נפגע בשכונת עין אור.\n\n" + SHARED
                      + "\n\nפסקה שלישית: ההודעות לתושבים יצאו באיחור של שעות.")
    assert merged.count(SHARED) == 1
    assert "<<<<<<<" not in merged
    assert "touched different lines, so they were merged below" in response.content.decode()


def test_where_both_changed_the_same_lines_both_are_kept_and_marked(authority, review, staff, ceo):
    theirs = BASE.replace(SHARED, "המוקד קרס.")
    yours = BASE.replace(SHARED, "המוקד קיבל 3,000 שיחות בשעה.")
    merged = conflict(authority, review, ceo, staff, theirs, yours).context["form"].initial["text"]
    assert "<<<<<<< their version\nהמוקד קרס.\n=======\nהמוקד קיבל 3,000 שיחות בשעה.\n>>>>>>> your version" in merged
    assert merged.count("החשמל נפגע בשכונה.") == 1 and merged.count("ההודעות יצאו באיחור.") == 1


def test_merge3_takes_one_sided_changes_and_keeps_identical_ones_once():
    assert merge3("a\nb\n\nc", "a\nB\n\nc", "a\nb\n\nC").text == "a\nB\n\nC"
    # Changes to adjacent lines with nothing unchanged between them are one conflict (as in diff3).
    assert not merge3("a\nb\nc", "a\nB\nc", "a\nb\nC").clean
    assert merge3("a\nb", "a\nb\nnew", "a\nb\nnew").text == "a\nb\nnew"
    assert merge3("a", "", "a").text == ""  # you deleted it, they did not touch it
    result = merge3("x", "y", "z")
    assert not result.clean and result.conflicts[0].theirs == ["z"] and result.conflicts[0].yours == ["y"]
