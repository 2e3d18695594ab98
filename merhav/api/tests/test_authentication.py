"""API authentication: personal tokens (stored hashed, revocable) and the browser session (with CSRF
on unsafe methods, and the two-factor check for roles that need it)."""

from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone

from merhav.accounts.models import ApiToken, hash_token

from .support import Api, session_api, token_api


def members_path(authority) -> str:
    return f"/authorities/{authority.slug}/memberships"


def test_a_token_authenticates(staff):
    response = token_api(staff).get("/me")
    assert response.status_code == 200
    assert response.json()["email"] == staff.email


def test_only_the_tokens_hash_is_stored(staff):
    token, raw = ApiToken.issue(user=staff, name="script")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith("mrv_") and len(raw) > 40
    assert stored.token_hash == hash_token(raw) != raw
    assert raw not in repr(list(ApiToken.objects.values()))
    assert stored.token_prefix == raw[:10]


def test_use_is_stamped(staff):
    api = token_api(staff)
    api.get("/me")
    assert ApiToken.objects.get(user=staff).last_used_at is not None


def test_a_revoked_token_is_401(staff):
    api = token_api(staff)
    ApiToken.objects.filter(user=staff).update(revoked_at=timezone.now())
    assert api.get("/me").status_code == 401


def test_a_token_of_a_deactivated_user_is_401(staff):
    api = token_api(staff)
    staff.is_active = False
    staff.save()
    assert api.get("/me").status_code == 401


def test_a_wrong_token_is_401(client, db):
    assert Api(client, {"Authorization": "Bearer mrv_not-a-real-token"}).get("/me").status_code == 401


def test_no_credentials_is_401_for_reads_and_writes(client, authority):
    api = Api(client)
    assert api.get("/me").status_code == 401
    assert api.post(members_path(authority), {"email": "x@test.example", "role": "staff"}).status_code == 401


def test_a_session_authenticates(staff):
    assert session_api(staff).get("/me").json()["email"] == staff.email


def test_a_session_write_needs_the_csrf_token(authority_admin, authority, staff, make_user):
    newcomer = make_user()
    api = session_api(authority_admin, enforce_csrf=True)
    body = {"email": newcomer.email, "role": "staff"}
    refused = api.post(members_path(authority), body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    # With the token a page would carry (cookie + header), the same call goes through.
    request = RequestFactory().get("/")
    token = get_token(request)
    api.client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    accepted = api.post(members_path(authority), body, **{"X-CSRFToken": token})
    assert accepted.status_code == 202


def test_a_token_write_needs_no_csrf_token(authority_admin, authority, make_user):
    newcomer = make_user()
    api = token_api(authority_admin)
    api.client = type(api.client)(enforce_csrf_checks=True)
    assert api.post(members_path(authority), {"email": newcomer.email, "role": "staff"}).status_code == 202
