"""Issue 18, item 2: a new password revokes the user's API tokens — by the reset link, by the national
admin's password form, by `manage.py changepassword` — so a token cannot outlive the password it was made
under. A stronger hash of the same password (at login) is no change and revokes nothing."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD
from merhav.accounts.models import ApiToken
from merhav.audit.models import AuditEntry

NEW_PASSWORD = "a-brand-new-password-2027"


@pytest.fixture
def tokens(staff):
    for name in ("one", "two"):
        ApiToken.issue(user=staff, name=name)
    return ApiToken.objects.filter(user=staff)


def active(tokens) -> int:
    return sum(1 for token in tokens.all() if token.is_active)


def test_a_password_reset_revokes_the_tokens(client, staff, tokens, run_tasks):
    client.post(reverse("accounts:password_reset"), {"email": staff.email})
    run_tasks()
    link = re.search(r"https?://[^/\s]+(/password/reset/[^\s]+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert active(tokens) == 0
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_type="accounts.user", user=staff)
    assert entry.fields == ["api_tokens", "password"]


def test_the_national_admins_password_form_revokes_the_tokens(login, make_user, staff, tokens):
    national = make_user(is_national_admin=True)
    response = login(national).post(reverse("admin:auth_user_password_change", args=[staff.pk]),
                                    {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert active(tokens) == 0


def test_set_password_then_save_revokes_the_tokens(staff, tokens):
    staff.set_password(NEW_PASSWORD)
    staff.save()
    assert active(tokens) == 0


def test_a_new_hash_of_the_same_password_keeps_the_tokens(client, staff, tokens, settings):
    # The stored hash is of an older hasher; logging in upgrades it (Django's check_password setter).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    type(staff).objects.filter(pk=staff.pk).update(
        password=make_password(PASSWORD, hasher="md5"))
    client.post(reverse("accounts:login"), {"username": staff.email, "password": PASSWORD})
    staff.refresh_from_db()
    assert staff.password.startswith("pbkdf2_sha256$")
    assert active(tokens) == 2


def test_other_changes_to_the_user_keep_the_tokens(staff, tokens):
    staff.full_name = "שם חדש"
    staff.save()
    assert active(tokens) == 2
