"""schemathesis over the intake API as the intake coordinator (who reaches every operation's code path,
where the house's run as the CEO meets a 403): no answer is a 5xx, and every status code and body is one
the OpenAPI schema documents. Bounded and derandomized, as tests/test_api_schemathesis.py."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, settings

from merhav.accounts.models import ApiToken
from tests.test_api_schemathesis import CHECKS, _one_connection  # noqa: F401  (the fixture)

from .support import take_in

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()).include(
    path_regex="/intake/")


@pytest.fixture
def coordinator_headers(db, _one_connection, authority, coordinator, settings):  # noqa: F811
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "api": (100_000, 60)}
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    take_in(authority, by=coordinator)
    _token, raw = ApiToken.issue(user=coordinator, name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(max_examples=8, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_intake_api_answers_no_5xx_and_only_documented_codes(case, coordinator_headers, authority):
    if "authority_slug" in (case.path_parameters or {}):
        case.path_parameters["authority_slug"] = authority.slug
    case.call_and_validate(headers=coordinator_headers, checks=CHECKS)
