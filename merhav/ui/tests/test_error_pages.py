"""The server's error answers (handler500, merhav.ui.views.server_error): a failure is "something went wrong"
(500), but while the database is unreachable — a restart, a failover — every request fails the same way, and the
answer says so: 503, when to try again, in the reader's language (read from the language cookie, since the session
is in the unreachable database), a page for people and JSON for the API. The drill against a real outage is
tests/test_faults.py (PostgreSQL)."""

import json

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError

from merhav.ui.views import DATABASE_RETRY_SECONDS, server_error


def answer(request, exception: Exception):
    """server_error as Django calls it: inside the handling of the request's exception."""
    try:
        raise exception
    except Exception:
        return server_error(request)


@pytest.mark.parametrize("exception", [OperationalError("connection refused"), InterfaceError("connection closed")])
def test_an_unreachable_database_is_a_503_in_the_readers_language(rf, exception):
    request = rf.get("/a/givat-zamir/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=ar")
    response = answer(request, exception)
    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_RETRY_SECONDS)
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "لا يستطيع مرحاف الوصول إلى قاعدة بياناته" in page


def test_the_api_gets_the_same_answer_as_json(rf):
    response = answer(rf.post("/api/v1/authorities/x/lessons/events"), OperationalError("the server closed"))
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert "מסד הנתונים" in json.loads(response.content)["detail"]  # Hebrew, the default language


def test_any_other_failure_is_a_500(rf):
    response = answer(rf.get("/"), ValueError("a bug"))
    assert response.status_code == 500
    assert "Retry-After" not in response
