"""schemathesis over the whole API, in-process against the WSGI app, as a member of one authority with a
personal token: no answer is a 5xx, and every status code and body is one the OpenAPI schema documents.

Bounded so it stays in the test run: a few examples per operation, derandomized (the same cases every
run), positive and negative input (text with NUL and other control characters, huge numbers, wrong types).
Every operation of the schema (72 today: every read and every write) is one test. The longer run is
bench/fuzz_api.py: the same test with more examples per operation and a random seed (MERHAV_FUZZ_EXAMPLES,
MERHAV_FUZZ_SEED).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from merhav.accounts.models import ApiToken
from merhav.lessons.tests.factories import ActionItemFactory, ReviewFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def _one_connection():
    """The WSGI handler closes old database connections around each request; inside a test's transaction
    (PostgreSQL) that would close the test's own. Django's test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def member_headers(db, _one_connection, make_user, authority, settings):
    # Many requests in a minute: the API's rate limit (a documented 429) would hide the answers under test.
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "api": (100_000, 60)}
    ceo = make_user(authority=authority, role="ceo", email="ceo.schemathesis@test.example")
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)  # the CEO's role asks for 2FA
    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=ceo, title="Check the sirens")
    _token, raw = ApiToken.issue(user=ceo, name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


EXAMPLES = int(os.environ.get("MERHAV_FUZZ_EXAMPLES", "6"))
SEED = os.environ.get("MERHAV_FUZZ_SEED", "")


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=not SEED, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_no_5xx_and_only_documented_codes(case, member_headers, authority):
    if "authority_slug" in (case.path_parameters or {}):
        case.path_parameters["authority_slug"] = authority.slug
    case.call_and_validate(headers=member_headers, checks=CHECKS)
