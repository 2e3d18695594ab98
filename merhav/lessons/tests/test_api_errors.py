"""API errors: one shape, {"detail": ..., "errors": {field: [messages]}}, in the user's language — the
Accept-Language header, else the language saved on the account (a token client without a header), and the
session's chosen language for the browser."""

from django.utils import translation
from django.utils.translation import gettext

from merhav.tenancy.roles import Role

from .api_support import session_api, token_api
from .factories import ReviewFactory


def required(language: str) -> str:
    with translation.override(language):
        return gettext("This field is required.")


def invalid_date(language: str) -> str:
    with translation.override(language):
        return gettext("Enter a valid date.")


def test_the_shape_of_an_error(authority, staff):
    response = token_api(staff, authority).post("events", {"kind": "other", "starts_on": "not a date"})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert set(body["errors"]) == {"title", "starts_on"}
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values())


def test_hebrew_is_the_default(authority, staff):
    body = token_api(staff, authority).post("events", {"kind": "other", "starts_on": "2025-01-01"}).json()
    assert body["errors"]["title"] == [required("he")]
    assert body["errors"]["title"] != [required("en")]


def test_the_accept_language_header_is_followed(authority, staff):
    body = token_api(staff, authority, **{"Accept-Language": "ar"}).post(
        "events", {"kind": "other", "starts_on": "x", "title": "t"}
    ).json()
    assert body["errors"]["starts_on"] == [invalid_date("ar")]


def test_a_token_without_a_header_gets_the_users_saved_language(authority, make_user):
    arabic_speaker = make_user(authority=authority, role=Role.STAFF, language="ar")
    body = token_api(arabic_speaker, authority).post("events", {"kind": "other", "starts_on": "2025-01-01"}).json()
    assert body["errors"]["title"] == [required("ar")]


def test_the_sessions_chosen_language_is_followed(authority, staff):
    api = session_api(staff, authority)
    session = api.client.session
    session["merhav_language"] = "en"
    session.save()
    body = api.post("events", {"kind": "other", "starts_on": "2025-01-01"}).json()
    assert body["errors"]["title"] == [required("en")]


def test_a_services_message_comes_in_the_users_language(authority, ceo, make_user):
    english_speaker = make_user(authority=authority, role=Role.CEO, language="en")
    review = ReviewFactory(authority=authority, created_by=ceo)
    body = token_api(english_speaker, authority).post(f"reviews/{review.pk}/lessons", {"text": " "}).json()
    with translation.override("en"):
        assert body["errors"]["text"] == [gettext("Write the lesson.")]


def test_a_refusal_says_why_in_the_users_language(authority, auditor):
    response = token_api(auditor, authority, **{"Accept-Language": "en"}).post(
        "events", {"title": "t", "kind": "other", "starts_on": "2025-01-01"}
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "You are not allowed to do this."
