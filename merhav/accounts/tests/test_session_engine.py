"""The session engine (merhav.accounts.sessions) is Django's database sessions with a cheaper read: the same
rules — an expired or unknown session is empty and gets a new key, logging out deletes the row."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from merhav.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_saved_session_is_read_back():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    assert SessionStore(store.session_key)["answer"] == 42


def test_an_expired_session_is_empty_and_its_key_is_not_kept():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    again = SessionStore(store.session_key)
    assert again.load() == {}
    assert again.session_key is None


def test_an_unknown_key_is_an_empty_session():
    assert SessionStore("x" * 32).load() == {}


def test_logging_out_deletes_the_session_row(client, staff):
    client.force_login(staff)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post("/logout/")
    assert not Session.objects.filter(session_key=key).exists()


def test_the_session_of_a_deactivated_user_is_anonymous(client, staff):
    client.force_login(staff)
    staff.is_active = False
    staff.save()
    response = client.get("/")
    assert response.wsgi_request.user.is_authenticated is False
