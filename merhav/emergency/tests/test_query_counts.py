"""Every list page and API list of the module runs a fixed number of queries: the same with a little data
and with more (two sizes), and under a ceiling."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from conftest import confirmed_device
from merhav.accounts.models import ApiToken
from merhav.core.context import acting_as

from .. import services
from ..models import WebhookDelivery
from .factories import (
    EmergencyFactory,
    IssuedMessageFactory,
    LogEntryFactory,
    SealedMessageFactory,
    WebhookEndpointFactory,
)

CEILING = 30


def add(authority, ceo, active, n: int) -> None:
    """n more past emergencies, approved messages, log entries, and issued messages with a delivery each."""
    endpoint = WebhookEndpointFactory(authority=authority)
    for _ in range(n):
        EmergencyFactory(authority=authority, ended=True)
        SealedMessageFactory(authority=authority, approved=True, approved_by=ceo)
        LogEntryFactory(emergency=active)
    with scope(authority=authority):
        for _ in range(n):
            issued = IssuedMessageFactory(emergency=active, issued_by=ceo)
            WebhookDelivery.objects.create(authority=authority, issued=issued, endpoint=endpoint)


def grow(authority, ceo, n: int):
    """An active emergency with n of everything, and a run of the checklist."""
    active = EmergencyFactory(authority=authority)
    add(authority, ceo, active, n)
    with acting_as(ceo, authority=authority):
        run = services.start_checklist_run(authority=authority, programme="STEM", emergency=active)
    return active, run


def count(client, path: str, **headers) -> int:
    client.get(path, **headers)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return len(queries)


def pages(authority, active, run) -> list[str]:
    def u(name, **kwargs):
        return reverse(f"emergency:{name}", kwargs={"authority_slug": authority.slug, **kwargs})

    return [u("index"), u("detail", emergency_id=active.pk), u("message_list"), u("readiness"), u("issued_list"),
            u("checklist"), u("run_detail", checklist_run_id=run.pk), u("issue_choose", emergency_id=active.pk),
            u("webhooks"), reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})]


def test_the_pages_run_a_fixed_number_of_queries(login, authority, ceo, django_assert_max_num_queries):
    client = login(ceo)
    active, run = grow(authority, ceo, 2)
    small = {path: count(client, path) for path in pages(authority, active, run)}
    add(authority, ceo, active, 30)
    large = {path: count(client, path) for path in pages(authority, active, run)}
    assert large == small
    for path in small:
        with django_assert_max_num_queries(CEILING):
            client.get(path)


@pytest.mark.parametrize("name", ["emergencies", "issued", "messages", "readiness"])
def test_the_api_lists_run_a_fixed_number_of_queries(client, authority, ceo, name):
    confirmed_device(ceo)
    _token, raw = ApiToken.issue(user=ceo, name="tests")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    path = f"/api/v1/authorities/{authority.slug}/emergency/{name}"
    grow(authority, ceo, 2)
    small = count(client, path, **headers)
    add(authority, ceo, EmergencyFactory(authority=authority, kind="weather"), 20)
    large = count(client, path, **headers)
    assert large == small
