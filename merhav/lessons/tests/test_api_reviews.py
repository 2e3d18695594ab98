"""API: reviews — list by status, create from an event, read with the five sections, edit a section (a stale
version is a 409 with both texts), edit the meeting details, and hold / complete / reopen."""

from datetime import date

from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.lessons.models import Review, ReviewSection

from .api_support import session_api, token_api
from .factories import EventFactory, LessonFactory, ReviewFactory
from .support import complete


def test_list_filters_by_status(authority, staff, ceo):
    ReviewFactory(authority=authority, created_by=ceo, title="draft one", status=Review.Status.DRAFT)
    ReviewFactory(authority=authority, created_by=ceo, title="held one", status=Review.Status.HELD)
    api = token_api(staff, authority)

    assert {r["title"] for r in api.get("reviews").json()["items"]} == {"draft one", "held one"}
    held = api.get("reviews", {"status": "held"}).json()["items"]
    assert [r["title"] for r in held] == ["held one"]
    assert held[0]["lesson_count"] == 0 and held[0]["action_count"] == 0
    assert api.get("reviews", {"status": "nonsense"}).status_code == 422


def test_create_a_review_from_an_event_makes_its_five_sections(authority, staff, ceo, department_head):
    event = EventFactory(authority=authority, starts_on=date(2025, 10, 1), ends_on=date(2025, 10, 2))
    response = token_api(staff, authority).post("reviews", {
        "event_id": event.pk, "title": "תחקיר הפסקת החשמל", "facilitator_id": ceo.pk,
        "participant_ids": [staff.pk, department_head.pk],
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["meeting_date"] == "2025-10-04"  # proposed: two days after the event ended
    assert [s["question"] for s in body["sections"]] == [1, 2, 3, 4, 5]
    assert {p["id"] for p in body["participants"]} == {staff.pk, department_head.pk}
    assert "participants" in body["warnings"]  # two participants: the guidance is 4–8, a warning only


def test_a_review_without_an_event_is_refused_beside_the_field(authority, staff):
    response = token_api(staff, authority).post("reviews", {"title": "no event"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["event_id"]
    with scope(authority=authority):
        assert not Review.objects.exists()


def test_another_authoritys_event_cannot_be_reviewed_here(authority, other_authority, staff):
    theirs = EventFactory(authority=other_authority)
    response = token_api(staff, authority).post("reviews", {"event_id": theirs.pk})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["event_id"]


def test_a_facilitator_from_outside_the_authority_is_refused(authority, staff, outsider):
    event = EventFactory(authority=authority)
    response = token_api(staff, authority).post("reviews", {"event_id": event.pk, "facilitator_id": outsider.pk})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["facilitator_id"]


def test_get_a_review_with_its_five_sections(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, participants=[staff], event__title="נפילת טיל בעין אור")
    with scope(authority=authority):
        ReviewSection.objects.filter(review=review, question=2).update(text="החשמל נותק לשש שעות")
    body = token_api(staff, authority).get(f"reviews/{review.pk}").json()
    assert len(body["sections"]) == 5
    assert body["sections"][1]["text"] == "החשמל נותק לשש שעות"
    assert body["sections"][1]["prompt"]
    assert body["event_title"] == "נפילת טיל בעין אור"


def test_a_participant_saves_a_section(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, participants=[staff])
    response = token_api(staff, authority).put(f"reviews/{review.pk}/sections/1", {"text": "מטרה", "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert response.json()["updated_by"]["id"] == staff.pk
    assert AuditEntry.objects.filter(object_type="lessons.reviewsection", fields=["text"]).exists()


def test_a_stale_section_is_a_conflict_with_both_texts_and_nothing_is_overwritten(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, participants=[staff])
    token_api(ceo, authority).put(f"reviews/{review.pk}/sections/2", {"text": "the CEO's facts", "version": 1})

    response = token_api(staff, authority).put(f"reviews/{review.pk}/sections/2", {"text": "my facts", "version": 1})
    assert response.status_code == 409
    body = response.json()
    assert body["yours"] == {"text": "my facts", "version": 1}
    assert body["current"]["text"] == "the CEO's facts"
    assert body["current"]["version"] == 2
    assert body["current"]["updated_by"]["id"] == ceo.pk
    assert body["errors"]["text"]
    with scope(authority=authority):
        assert ReviewSection.objects.get(review=review, question=2).text == "the CEO's facts"

    merged = token_api(staff, authority).put(
        f"reviews/{review.pk}/sections/2", {"text": "the CEO's facts\nmy facts", "version": 2}
    )
    assert merged.status_code == 200
    assert merged.json()["version"] == 3


def test_a_question_outside_the_five_is_not_found(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, participants=[staff])
    response = token_api(staff, authority).put(f"reviews/{review.pk}/sections/6", {"text": "x", "version": 1})
    assert response.status_code == 404


def test_someone_who_is_not_a_participant_cannot_edit(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo)
    response = token_api(staff, authority).put(f"reviews/{review.pk}/sections/1", {"text": "x", "version": 1})
    assert response.status_code == 403


def test_update_the_meeting_details(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, participants=[staff], status=Review.Status.DRAFT)
    response = token_api(staff, authority).patch(f"reviews/{review.pk}", {"version": 1, "meeting_date": "2025-10-05"})
    assert response.status_code == 200, response.content
    assert response.json()["meeting_date"] == "2025-10-05"
    assert response.json()["title"] == review.title
    stale = token_api(ceo, authority).patch(f"reviews/{review.pk}", {"version": 1, "title": "x"})
    assert stale.status_code == 409
    assert stale.json()["current"]["meeting_date"] == "2025-10-05"


def test_hold_complete_and_reopen(authority, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=ceo, status=Review.Status.DRAFT)
    api = session_api(ceo, authority)

    held = api.post(f"reviews/{review.pk}/hold")
    assert held.status_code == 200, held.content
    assert held.json()["review"]["status"] == "held"

    refused = api.post(f"reviews/{review.pk}/complete")
    assert refused.status_code == 422  # no key lesson yet
    assert refused.json()["errors"]["__all__"]

    LessonFactory(review=review, is_key=True)
    completed = api.post(f"reviews/{review.pk}/complete")
    assert completed.status_code == 200, completed.content
    assert completed.json()["review"]["status"] == "completed"
    assert completed.json()["warnings"]  # one key lesson of three: a warning, not a block

    reopened = api.post(f"reviews/{review.pk}/reopen")
    assert reopened.json()["review"]["status"] == "held"
    assert reopened.json()["review"]["reopen_count"] == 1


def test_a_completed_review_is_read_only(authority, ceo, staff):
    review = ReviewFactory(authority=authority, created_by=ceo, participants=[staff])
    complete(review, by=ceo)
    response = token_api(staff, authority).put(f"reviews/{review.pk}/sections/1", {"text": "x", "version": 1})
    assert response.status_code == 403


def test_only_the_ceo_completes(authority, staff, ceo):
    review = ReviewFactory(authority=authority, created_by=ceo, facilitator=staff, participants=[staff])
    LessonFactory(review=review, is_key=True)
    assert token_api(staff, authority).post(f"reviews/{review.pk}/complete").status_code == 403
