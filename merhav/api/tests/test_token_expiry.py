"""Issue 18, item 2: a personal token expires (API_TOKEN_DAYS, 90 by default; the date is shown when the
token is made) and an expired token is refused with 401."""

import datetime as dt
import re

import time_machine
from django.urls import reverse
from django.utils import timezone

from merhav.accounts.models import ApiToken

from .support import token_api

NOW = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_a_new_token_expires_after_ninety_days_by_default(staff):
    token, _raw = ApiToken.issue(user=staff, name="script")
    assert token.expires_at == NOW + dt.timedelta(days=90)


@time_machine.travel(NOW, tick=False)
def test_the_lifetime_is_a_setting(staff, settings):
    settings.MERHAV_API_TOKEN_DAYS = 30
    token, _raw = ApiToken.issue(user=staff, name="script")
    assert token.expires_at == NOW + dt.timedelta(days=30)


def test_a_token_works_until_it_expires_then_is_401(make_user, authority):
    staff = make_user(authority=authority, language="en")
    with time_machine.travel(NOW, tick=False):
        api = token_api(staff)
    with time_machine.travel(NOW + dt.timedelta(days=89, hours=23), tick=False):
        assert api.get("/me").status_code == 200
    with time_machine.travel(NOW + dt.timedelta(days=90, minutes=1), tick=False):
        response = api.get("/me")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


@time_machine.travel(NOW, tick=False)
def test_the_expiry_date_is_shown_when_the_token_is_made(login, staff):
    response = login(staff, language="en").post(reverse("accounts:token_create"), {"name": "Reporting script"})
    page = response.content.decode()
    assert re.search(r"mrv_", page)
    assert "02.08.2026" in page  # 90 days from 4 May 2026, dd.mm.yyyy


@time_machine.travel(NOW, tick=False)
def test_the_account_page_lists_each_tokens_expiry_and_marks_expired_ones(login, staff):
    ApiToken.issue(user=staff, name="fresh")
    old, _raw = ApiToken.issue(user=staff, name="old")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    response = login(staff, language="en").get(reverse("accounts:profile"))
    page = response.content.decode()
    assert "02.08.2026" in page
    assert "Expired" in page
