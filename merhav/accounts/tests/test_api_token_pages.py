"""Personal access tokens on /account/: created with a name, shown once, only the hash kept, revocable."""

import re

from django.urls import reverse

from merhav.accounts.models import ApiToken, hash_token
from merhav.audit.models import AuditEntry


def create(client, name="Reporting script"):
    return client.post(reverse("accounts:token_create"), {"name": name})


def test_a_new_token_is_shown_once(login, staff):
    client = login(staff)
    response = create(client)
    assert response.status_code == 200
    raw = re.search(r'value="(mrv_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=staff)
    assert token.token_hash == hash_token(raw)
    # The profile lists it by name and prefix, never in full.
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Reporting script" in profile and token.token_prefix in profile
    assert raw not in profile
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_type="accounts.apitoken",
                                     user=staff).exists()


def test_a_name_is_required(login, staff):
    response = create(login(staff), name="")
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_revoke(login, staff):
    client = login(staff)
    create(client)
    token = ApiToken.objects.get(user=staff)
    response = client.post(reverse("accounts:token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, fields=["revoked_at"], user=staff).exists()


def test_someone_elses_token_cannot_be_revoked(login, staff, ceo):
    token, _raw = ApiToken.issue(user=ceo, name="theirs")
    response = login(staff).post(reverse("accounts:token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_creating_needs_post(login, staff):
    assert login(staff).get(reverse("accounts:token_create")).status_code == 405


def test_a_ceo_must_pass_two_factor_before_making_a_token(client, ceo):
    from conftest import PASSWORD

    client.post(reverse("accounts:login"), {"username": ceo.email, "password": PASSWORD})
    response = create(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert not ApiToken.objects.exists()
