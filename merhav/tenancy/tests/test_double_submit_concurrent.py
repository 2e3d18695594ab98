"""Two submits of the same create form at the same moment create one row (issue 18, item 11).

Deterministic, on PostgreSQL: the first submit is held inside its transaction right after creating the
department; the second is let go until it is about to claim the same token; then the first commits. The
second's claim fails on the token's unique index (it waited for the first transaction, or finds it
committed) and it is sent to the first one's result. On SQLite, whose writers lock the whole database,
two requests on two threads cannot be interleaved like this: the test runs on PostgreSQL only.
"""

import threading

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django_scopes import scope

from conftest import verified_login
from merhav.core.submit_once import FIELD
from merhav.tenancy.models import Department
from merhav.ui.tests.submit_once_support import token_of

from .conftest import page

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row-level concurrency (PostgreSQL)"),
]

WAIT = 60  # seconds before a stuck thread fails the test instead of hanging it


def test_two_parallel_submits_create_one_department(authority, authority_admin):
    url = page("department_add", authority)
    token = token_of(verified_login(Client(), authority_admin).get(url))
    data = {"custom_name": "נוער וספורט", FIELD: token}
    first_created, second_claiming, release_first = threading.Event(), threading.Event(), threading.Event()
    responses = {}

    def hold_the_first(sender, instance, created, **kwargs):
        if created and threading.current_thread().name == "first":
            first_created.set()
            assert release_first.wait(WAIT)

    def watch_the_second(execute, sql, params, many, context):
        if "INSERT" in sql and "core_formsubmission" in sql:
            second_claiming.set()
        return execute(sql, params, many, context)

    def submit(name):
        try:
            client = verified_login(Client(), authority_admin)
            if name == "second":
                with connection.execute_wrapper(watch_the_second):
                    responses[name] = client.post(url, data)
            else:
                responses[name] = client.post(url, data)
        finally:
            connection.close()

    post_save.connect(hold_the_first, sender=Department)
    try:
        first = threading.Thread(target=submit, args=("first",), name="first")
        first.start()
        assert first_created.wait(WAIT)
        second = threading.Thread(target=submit, args=("second",), name="second")
        second.start()
        assert second_claiming.wait(WAIT)
        release_first.set()
        first.join(WAIT)
        second.join(WAIT)
    finally:
        release_first.set()
        post_save.disconnect(hold_the_first, sender=Department)

    with scope(authority=authority):
        assert Department.objects.filter(authority=authority, custom_name="נוער וספורט").count() == 1
    assert responses["first"].status_code == responses["second"].status_code == 302
    assert responses["first"].url == responses["second"].url == page("departments", authority)
