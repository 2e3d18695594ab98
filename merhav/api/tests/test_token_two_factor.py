"""Issue 18, item 2: a personal token is no way around two-factor authentication.

Before: a token made as partnerships manager kept working after promotion to auditor (a role that must
use two-factor) and returned every member's email. Now a token of a user whose roles require two-factor
works only while that user has a confirmed device; checked at each request, so a role change that
raises the requirement suspends the user's tokens until a device is confirmed, and a reset of the
user's two-factor suspends them again.
"""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope

from merhav.accounts.models import ApiToken
from merhav.tenancy import services as tenancy_services
from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role

from .support import Api


def raw_token_api(user) -> Api:
    """A token made the way a script's owner makes one, with nothing else done for the user."""
    _token, raw = ApiToken.issue(user=user, name="script")
    return Api(Client(), {"Authorization": f"Bearer {raw}"})


def members_path(authority) -> str:
    return f"/authorities/{authority.slug}/memberships"


def promote(authority, user, role) -> None:
    with scope(authority=authority):
        membership = Membership.objects.get(authority=authority, user=user)
    tenancy_services.update_membership(membership=membership, version=membership.version, role=role,
                                       department=membership.department, title=membership.title)


def test_a_token_of_a_role_that_needs_two_factor_without_a_device_is_401(make_user, authority):
    ceo = make_user(authority=authority, role=Role.CEO, language="en")
    response = raw_token_api(ceo).get("/me")
    assert response.status_code == 401
    assert "suspended" in response.json()["detail"] and "two-factor" in response.json()["detail"]


def test_the_reason_is_in_the_token_owners_language(ceo):
    assert "אימות דו־שלבי" in raw_token_api(ceo).get("/me").json()["detail"]


def test_a_token_of_a_role_that_needs_two_factor_works_with_a_confirmed_device(ceo):
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)
    assert raw_token_api(ceo).get("/me").status_code == 200


def test_an_unconfirmed_device_is_not_enough(ceo):
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=False)
    assert raw_token_api(ceo).get("/me").status_code == 401


def test_a_promotion_to_auditor_suspends_the_token_until_a_device_is_confirmed(make_user, authority, staff):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER)
    api = raw_token_api(manager)
    assert api.get("/me").status_code == 200
    promote(authority, manager, Role.AUDITOR)
    response = api.get(members_path(authority))
    assert response.status_code == 401
    assert staff.email not in response.content.decode()
    TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    response = api.get(members_path(authority))
    assert response.status_code == 200
    assert staff.email in response.content.decode()


def test_a_reset_of_two_factor_suspends_the_token(ceo):
    from merhav.accounts import services

    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)
    api = raw_token_api(ceo)
    assert api.get("/me").status_code == 200
    services.reset_two_factor(user=ceo)
    assert api.get("/me").status_code == 401


def test_a_role_without_the_requirement_needs_no_device(staff):
    assert raw_token_api(staff).get("/me").status_code == 200


def test_two_factor_for_everyone_applies_to_tokens(staff, settings):
    settings.MERHAV_REQUIRE_2FA_FOR_ALL = True
    assert raw_token_api(staff).get("/me").status_code == 401


def test_a_suspended_token_is_not_stamped_as_used(ceo):
    raw_token_api(ceo).get("/me")
    assert ApiToken.objects.get(user=ceo).last_used_at is None


def test_the_check_adds_no_query(ceo, staff, django_assert_max_num_queries):
    """Token, user and 'has a confirmed device' come in one query; the memberships are read once anyway."""
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)
    staff_api, ceo_api = raw_token_api(staff), raw_token_api(ceo)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as staff_queries:
        assert staff_api.get("/me").status_code == 200
    with django_assert_max_num_queries(len(staff_queries)):
        assert ceo_api.get("/me").status_code == 200
