"""A GET writes nothing: every page and every API read, as a member of the authority, captured statement by statement.

The only writes a GET may make are audit entries (reads of personal data are logged). Not the session when
it did not change, not the API token's last-used time more than once in a few minutes, not a rate-limit
counter row per request (merhav/core/ratelimit.py adds a batch of requests at a time). Reads that write take
write locks: on SQLite they serialise every reader, on PostgreSQL they cost a WAL record and a vacuum.

The URLs are every URL pattern of the project (the isolation crawler's walk, kwargs from tests/url_fillers.py)
and every GET operation of the API's OpenAPI schema, so a page added tomorrow is checked tomorrow.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import confirmed_device, verified_login
from merhav.accounts.models import ApiToken
from merhav.core.ratelimit import flush_every
from tests.test_isolation_crawler import all_routes
from tests.url_fillers import FILLERS, World

WRITE_SQL = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
ALLOWED = {"audit_auditentry"}  # reads of personal data are logged
# Rows a module still creates on its first read, once per authority, with the reason. Each is a debt: a row
# that every authority needs belongs in the service that creates the authority (or the module's first write).
# A second write to one of these tables in the same test fails like any other write.
CREATED_ON_FIRST_READ = {
    "resources_settings": "the resources module makes an authority's settings row on its first page or API read "
                          "(get_or_create); to move into a service",
}
RATE_COUNTER = "core_ratecounter"
# GET addresses that are not reads, with the reason.
NOT_READS = {
    "accounts:logout": "logging out ends the session (and Django only logs out on POST: a GET is a 405)",
    "accounts:accept_invitation": "the invitation link's page, for someone not yet logged in",
}

PAGE_ROUTES = [r for r in all_routes() if not r.is_api and not r.is_admin and r.name not in NOT_READS]


@pytest.fixture
def world(authority, other_authority, ceo, outsider, auditor, department_head):
    return World(a=authority, b=other_authority, a_user=ceo, b_user=outsider)


def fill(route, world: World) -> str:
    return route.path({name: FILLERS[name](world) for name in route.kwargs})


def writes(queries) -> list[str]:
    return [m.group(1).lower() for q in queries if (m := WRITE_SQL.match(q["sql"]))]


def created_once(written: list[str], seen: set[str]) -> set[str]:
    """The tables of CREATED_ON_FIRST_READ written by this request for the first time in the test (one write)."""
    allowed = set()
    for table in set(written) & set(CREATED_ON_FIRST_READ):
        if table not in seen and written.count(table) == 1:
            allowed.add(table)
        seen.add(table)
    return allowed


def get_and_capture(client: Client, path: str, **headers) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code, writes(captured.captured_queries)


@pytest.mark.parametrize("persona", ["ceo", "auditor", "department_head"])
def test_no_page_writes_on_get(world, persona, request):
    user = request.getfixturevalue(persona)
    client = verified_login(Client(), user)
    client.get(f"/a/{world.a.slug}/")  # the session remembers the authority once (a change: it is saved)
    problems: list[str] = []
    first_reads: set[str] = set()
    for route in PAGE_ROUTES:
        path = fill(route, world)
        for attempt in ("first", "second"):
            status, written = get_and_capture(client, path)
            bad = sorted(set(written) - ALLOWED - created_once(written, first_reads))
            if bad:
                problems.append(f"GET {path} ({route.id}, {attempt} time, {status}) as {persona} wrote to {bad}")
    assert not problems, "\n".join(problems)


def api_read_paths(client: Client, world: World) -> list[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return [
        re.sub(r"\{(\w+)\}", lambda m: str(FILLERS[m.group(1)](world)), path)
        for path, operations in sorted(schema["paths"].items())
        if "get" in operations and not path.endswith(("/openapi.json", "/docs"))
    ]


@pytest.mark.parametrize("auth", ["token", "session"])
def test_no_api_read_writes(world, ceo, auth, settings):
    if auth == "token":
        confirmed_device(ceo)
        _token, raw = ApiToken.issue(user=ceo, name="reporting script")
        client, headers = Client(), {"Authorization": f"Bearer {raw}"}
    else:
        client, headers = verified_login(Client(), ceo), {}
    paths = api_read_paths(client, world)
    assert any(path.endswith("/lessons/actions") for path in paths)
    client.get(paths[0], headers=headers)  # the token's first use is written (then at most every few minutes)
    problems, counted, requests = [], 0, 0
    first_reads: set[str] = set()
    for path in paths * 2:
        status, written = get_and_capture(client, path, **headers)
        requests += 1
        counted += written.count(RATE_COUNTER)
        bad = sorted(set(written) - ALLOWED - {RATE_COUNTER} - created_once(written, first_reads))
        if bad:
            problems.append(f"GET {path} ({auth}, {status}) wrote to {bad}")
    limit, _window = settings.MERHAV_RATE_LIMITS["api"]
    assert counted <= requests // flush_every(limit), (
        f"{requests} API reads wrote the rate-limit counter {counted} times: it should add a batch of "
        f"{flush_every(limit)} requests at a time")
    assert not problems, "\n".join(problems)
