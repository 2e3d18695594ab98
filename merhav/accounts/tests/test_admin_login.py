"""The admin has no login form of its own: /admin/login/ sends to the app's login, which is rate-limited,
has the lockout and asks for the second factor. Guessing passwords there is no way round the limit."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse

from conftest import PASSWORD

NOON = dt.datetime(2026, 3, 1, 12, 0, 10, tzinfo=dt.UTC)
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def admin_user(make_user):
    return make_user(email="root@test.example", is_staff=True, is_superuser=True)


@time_machine.travel(NOON, tick=False)
def test_no_password_is_checked_at_the_admin_login(client, admin_user, settings):
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "login": (20, 60)}
    attempts = [
        client.post(ADMIN_LOGIN, {"username": admin_user.email, "password": f"guess-{n}", "next": "/admin/"},
                    REMOTE_ADDR="203.0.113.9")
        for n in range(30)
    ]
    assert {response.status_code for response in attempts} == {302}
    assert all(response["Location"].startswith(reverse("accounts:login")) for response in attempts)
    # Even the right password does not log in there.
    client.post(ADMIN_LOGIN, {"username": admin_user.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert "_auth_user_id" not in client.session


def test_the_admin_sends_to_the_apps_login_and_back(client, admin_user):
    response = client.get("/admin/", follow=True)
    final = urlsplit(response.redirect_chain[-1][0])
    assert final.path == reverse("accounts:login")
    assert parse_qs(final.query) == {"next": ["/admin/"]}
    assert "accounts/login.html" in [t.name for t in response.templates]


def test_a_logged_in_member_who_is_not_staff_is_refused_not_sent_round(login, staff):
    response = login(staff).get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_staff_logged_in_through_the_app_reach_the_admin(login, admin_user):
    assert login(admin_user).get("/admin/").status_code == 200
