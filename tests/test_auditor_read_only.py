"""The auditor reads everything of the authority and changes nothing.

The URLs are not a hand-made list: every URL pattern of the project under /a/<authority_slug>/ (found the
way the isolation crawler finds them, kwargs filled from tests/url_fillers.py), and every operation of the
API's OpenAPI schema under /authorities/{authority_slug}/. A write URL added tomorrow is covered tomorrow.

Pages. A page is a write URL when the authority's CEO or admin sees a POST form that sends to it, or when
it answers a POST with anything but the page itself. The auditor's POST to a write URL must be refused
(403) and written to the audit log; to any other URL it may at most render the page again; and no POST
of the auditor may write anything but the audit log and the session.
API. Every POST/PUT/PATCH/DELETE as the auditor is 403 and audited, whatever the body.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.urls.exceptions import Resolver404

from conftest import confirmed_device, verified_login
from merhav.accounts.models import ApiToken
from merhav.audit.models import AuditEntry
from merhav.tenancy.roles import Role
from tests.test_isolation_crawler import all_routes
from tests.url_fillers import FILLERS, World

# Tables a refused or read-only request may write to: the audit log itself, the session (the last
# authority visited), the rate-limit counters and a token's last-used stamp.
BOOKKEEPING_TABLES = ("audit_auditentry", "django_session", "core_ratecounter", "accounts_apitoken")
WRITE_SQL = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
POST_FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(\w[\w-]*)\s*=\s*"([^"]*)"')
FORMACTION = re.compile(r'formaction\s*=\s*"([^"]*)"', re.IGNORECASE)
UNSAFE_API_METHODS = ("post", "put", "patch", "delete")

# The pages the auditor is there to read: they must open.
READ_PAGES = ("tenancy:dashboard", "tenancy:people", "tenancy:departments", "audit:log", "lessons:index")

AUTHORITY_ROUTES = [r for r in all_routes() if "authority_slug" in r.kwargs and not r.is_api and not r.is_admin]


@pytest.fixture
def world(authority, other_authority, ceo, outsider, authority_admin, auditor):
    return World(a=authority, b=other_authority, a_user=ceo, b_user=outsider)


def fill_path(route, world: World) -> str:
    values = {}
    for name in route.kwargs:
        assert name in FILLERS, f"{route.display}: no filler for {name!r} in tests/url_fillers.py"
        values[name] = FILLERS[name](world)
    return route.path(values)


def business_writes(queries) -> list[str]:
    """The tables written by these queries, apart from the bookkeeping ones."""
    written = []
    for query in queries:
        match = WRITE_SQL.match(query["sql"])
        if match and match.group(2).lower() not in BOOKKEEPING_TABLES:
            written.append(match.group(2))
    return written


def post_form_targets(page_path: str, html: str, slug: str) -> set[str]:
    """Where the POST forms of a page send to (their action, or the page itself), within the authority."""
    targets = set()
    for tag in POST_FORM.findall(html):
        attributes = {name.lower(): value for name, value in ATTRIBUTE.findall(tag)}
        if attributes.get("method", "get").lower() != "post":
            continue
        targets.add(urljoin(page_path, attributes.get("action") or page_path))
    targets.update(urljoin(page_path, action) for action in FORMACTION.findall(html))
    return {urlsplit(t).path for t in targets if urlsplit(t).path.startswith(f"/a/{slug}/")}


def write_urls(world: World, writers) -> set[str]:
    """Every address inside the authority that a POST form on one of its pages sends to, as seen by
    the people who may write (the forms an auditor is shown are fewer)."""
    found = set()
    for writer in writers:
        client = verified_login(Client(), writer)
        for route in AUTHORITY_ROUTES:
            path = fill_path(route, world)
            response = client.get(path)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                found |= post_form_targets(path, response.content.decode(), world.a.slug)
    return found


def denied_count(user) -> int:
    return AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=user).count()


def test_the_auditor_reads_the_authority_pages(world, auditor):
    client = verified_login(Client(), auditor)
    statuses = {}
    for route in AUTHORITY_ROUTES:
        response = client.get(fill_path(route, world))
        statuses[route.id] = response.status_code
        assert response.status_code in (200, 403, 405), f"GET {route.display} as the auditor: {response.status_code}"
    for name in READ_PAGES:
        assert statuses[name] == 200, f"the auditor cannot read {name}"


def test_every_write_of_the_auditor_is_refused_and_audited(world, auditor, ceo, authority_admin):
    targets = write_urls(world, [ceo, authority_admin])
    client = verified_login(Client(), auditor)
    paths = {fill_path(route, world): route for route in AUTHORITY_ROUTES}
    assert targets, "no POST form was found on any page: the crawl is broken"
    unknown = sorted(t for t in targets if _resolves_nowhere(t))
    assert not unknown, f"forms post to addresses that do not exist: {unknown}"
    problems = []
    for path in sorted(set(paths) | targets):
        route = paths.get(path)
        before = denied_count(auditor)
        page_status = client.get(path).status_code
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, {"title": "changed by the auditor", "version": "1"})
        status = response.status_code
        written = business_writes(queries.captured_queries)
        label = route.id if route else path
        if written:
            problems.append(f"POST {path} ({label}) as the auditor wrote to {sorted(set(written))} ({status})")
        if status == 403:
            if denied_count(auditor) != before + 1:
                problems.append(f"POST {path} ({label}): refused but not written to the audit log")
        elif status == 405:
            continue
        elif path in targets:
            problems.append(f"POST {path} ({label}) is a form's target but the auditor got {status}, not 403")
        elif status != page_status:
            problems.append(f"POST {path} ({label}) as the auditor: {status} (GET gives {page_status}); "
                            "a write URL must refuse with 403, a read page can be @require_safe")
    assert not problems, "\n".join(problems)


# URLs outside any authority, by namespace: what they are to an auditor. A new namespace must be added here.
OUTSIDE_AUTHORITIES = {
    "accounts": "own",  # the auditor's own account: log in/out, language, profile, tokens, two-factor
    "notify": "own",  # the auditor's own inbox and calendar feed
    "ui": "own",  # the home redirect and the health check
    "national": "refused",  # national administration: the auditor of an authority may not write there
    "resources_public": "own",  # the public needs page behind a secret link: read only, it writes nothing
    "strategy_public": "public",  # the published strategic plan: read-only pages for everyone (POST is 405)
    # Learning communities are national with their own memberships: an authority's auditor is no member, so
    # every community page is a 404 to them (tests/test_isolation_crawler.py walks every one of them).
    "communities": "own memberships",
}


def test_every_write_outside_the_authority_is_classified_and_national_ones_refused(world, auditor):
    client = verified_login(Client(), auditor)
    problems = []
    for route in all_routes():
        if "authority_slug" in route.kwargs or route.is_api or route.is_admin:
            continue
        namespace = (route.name or "").split(":")[0]
        kind = OUTSIDE_AUTHORITIES.get(namespace)
        if kind is None:
            problems.append(f"{route.display} ({route.id}): add its namespace to OUTSIDE_AUTHORITIES in {__file__}")
        elif kind == "refused":
            path = fill_path(route, world)
            before = denied_count(auditor)
            with CaptureQueriesContext(connection) as queries:
                status = client.post(path, {"name": "changed by the auditor"}).status_code
            if status != 403 or denied_count(auditor) != before + 1:
                problems.append(f"POST {path} as the auditor: {status}, expected 403 and an audit entry")
            if business_writes(queries.captured_queries):
                problems.append(f"POST {path} as the auditor wrote {business_writes(queries.captured_queries)}")
    assert not problems, "\n".join(problems)


def _resolves_nowhere(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return True
    return False


# --- The API ------------------------------------------------------------------------------------------


def api_write_operations(client: Client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    return [
        (method, path)
        for path, operations in sorted(schema["paths"].items())
        if "{authority_slug}" in path
        for method in operations
        if method in UNSAFE_API_METHODS
    ]


def fill_api_path(path: str, world: World) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(FILLERS[m.group(1)](world)), path)


def test_the_schema_lists_every_api_url_of_an_authority(client, db):
    listed = {re.sub(r"\{(\w+)\}", r"<\1>", path) for path in client.get("/api/v1/openapi.json").json()["paths"]}
    for route in all_routes():
        if route.is_api and "authority_slug" in route.kwargs:
            plain = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route.display)
            assert plain in listed, f"{plain} is not in the OpenAPI schema, so this test would not see it"


@pytest.mark.parametrize("auth", ["token", "session"])
def test_every_api_write_of_the_auditor_is_403_and_audited(world, auditor, auth):
    if auth == "token":
        confirmed_device(auditor)  # the auditor's role needs two-factor: without it the token is refused
        _token, raw = ApiToken.issue(user=auditor, name="auditor script")
        client, headers = Client(), {"Authorization": f"Bearer {raw}"}
    else:
        client, headers = verified_login(Client(), auditor), {}
    operations = api_write_operations(client)
    assert any(method == "post" and path.endswith("/memberships") for method, path in operations)
    problems = []
    for method, path in operations:
        url = fill_api_path(path, world)
        for body in ({}, {"title": "changed", "version": 1, "role": Role.AUTHORITY_ADMIN}):
            before = denied_count(auditor)
            with CaptureQueriesContext(connection) as queries:
                response = client.generic(method.upper(), url, json.dumps(body), content_type="application/json",
                                          headers=headers)
            if response.status_code != 403:
                problems.append(f"{method.upper()} {url} {body} as the auditor: {response.status_code}")
            elif denied_count(auditor) != before + 1:
                problems.append(f"{method.upper()} {url}: refused but not written to the audit log")
            written = business_writes(queries.captured_queries)
            if written:
                problems.append(f"{method.upper()} {url} as the auditor wrote to {sorted(set(written))}")
    assert not problems, "\n".join(problems)
