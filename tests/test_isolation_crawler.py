"""The tenant isolation crawler: every URL of the project, as a member of another authority and anonymously.

Every URL pattern (pages, the ninja API, the admin) is filled with objects of authority A, taken by kwarg
name from tests/url_fillers.py. Then:
- the CEO of authority B (two-factor passed) gets 403/404/405, or a redirect that leads away from A, for
  every URL that names an object; no response to B ever contains the marker planted in A's data;
- an anonymous visitor is sent to the login page (401 from the API; the admin's own login for the admin);
- a few URLs are public by design: they are listed in PUBLIC with the reason.

A new URL whose kwarg name the filler table does not know fails here: add a filler to tests/url_fillers.py.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from merhav.tenancy.roles import Role
from tests.url_fillers import ADMIN_FILLERS, FILLERS, MARKER, World

# URLs anyone may open, by URL name, with the reason. Keep this list short and every reason honest.
PUBLIC = {
    "ui:healthz": "health check for the load balancer: says ok/fail, nothing about any authority",
    "ui:accessibility": "the accessibility statement: the law wants it open to everyone; it names the site's "
    "coordinator, nothing about any authority",
    "accounts:login": "the login page",
    "accounts:logout": "logging out reveals nothing",
    "accounts:set_language": "the language switch works before login",
    "accounts:password_reset": "asking for a reset link",
    "accounts:password_reset_done": "the 'we sent you a link' page",
    "accounts:password_reset_confirm": "the signed token in the address is the credential",
    "accounts:password_reset_complete": "the 'password changed' page",
    "notify:calendar_feed": "the secret token in the address is the credential (for calendar apps)",
    "api:openapi-json": "the API's description",
    "api:openapi-view": "the API's documentation page",
    "api:api-root": "always 404; exists so that ninja knows its prefix",
    "admin:login": "the admin's own login form",
    "admin:logout": "logging out reveals nothing",
    "accounts:accept_invitation": "the link in the invitation email: its secret token is the credential",
    "resources_public:needs": "the public list of open needs for philanthropic bodies (seed 004, stage 3): its secret, "
    "revocable token is the credential; it shows categories, neighbourhoods and quantities, no personal data",
    "strategy_public:plans": "the strategic plan is public by the seed: only versions the authority published",
    "strategy_public:plan": "a published version of a plan, frozen when published (never a draft or a later edit)",
    "strategy_public:challenges_csv": "the published plan's open mapping data (the seed asks for it open)",
    "strategy_public:comment": "residents comment on a published plan (moderated before shown, a flood refused)",
    "strategy_public:propose": "the hackathon's form for residents' initiatives, only while the authority opens it",
    "communities:apply": "a learning community's public call for applications: its secret token is the link "
    "that is spread; it shows the call's title and text and takes an application, nothing else",
}

REDIRECTS = (301, 302, 303, 307, 308)
REFUSALS = (403, 404, 405)
API_METHODS = ("get", "post", "put", "patch", "delete")
PAGE_METHODS = ("get", "post")

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^()]*\)")


@dataclass(frozen=True)
class Route:
    """One URL pattern, with the chain of patterns that leads to it from the root URLconf."""

    chain: tuple  # pattern objects (RoutePattern / RegexPattern), root first
    name: str | None  # namespaced, e.g. "tenancy:people"; None for unnamed patterns
    callback: object
    kwargs: tuple[str, ...]

    @property
    def display(self) -> str:
        return "".join(str(p) for p in self.chain)

    @property
    def id(self) -> str:
        return self.name or self.display

    @property
    def is_api(self) -> bool:
        return self.display.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return bool(self.name and self.name.startswith("admin:")) or self.display.startswith("admin/")

    @property
    def is_public(self) -> bool:
        return self.name in PUBLIC

    @property
    def fillers(self) -> dict:
        return ADMIN_FILLERS if self.is_admin else FILLERS

    def path(self, values: dict) -> str:
        return "/" + "".join(_segment(p, values) for p in self.chain)


def _kwarg_names(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return [m.group("name") for m in _ROUTE_PARAM.finditer(str(pattern))]
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    raise TypeError(f"The crawler does not know the URL pattern type {type(pattern).__name__}.")


def _segment(pattern, values: dict) -> str:
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        def fill(match):
            return pattern.converters[match.group("name")].to_url(values[match.group("name")])

        return _ROUTE_PARAM.sub(fill, text)
    text = text.removeprefix("^").removesuffix("$")
    text = _REGEX_GROUP.sub(lambda m: str(values[m.group("name")]), text)
    if re.search(r"[()\[\]*+?|\\]", text):
        raise ValueError(f"The crawler cannot turn the regex pattern {pattern} into an address.")
    return text


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, chain: tuple, namespace: tuple):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, chain + (p.pattern,), namespace + ((p.namespace,) if p.namespace else ()))
            elif isinstance(p, URLPattern):
                name = ":".join(namespace + (p.name,)) if p.name else None
                names = tuple(n for part in chain + (p.pattern,) for n in _kwarg_names(part))
                routes.append(Route(chain + (p.pattern,), name, p.callback, names))

    walk(get_resolver().url_patterns, (), ())
    return routes


ROUTES = all_routes()


def _by_id(route: Route) -> str:
    return route.id


# --- The table is complete ---------------------------------------------------------------------------


def test_the_crawler_sees_pages_api_and_admin():
    names = {r.name for r in ROUTES}
    assert {"tenancy:dashboard", "accounts:token_revoke", "admin:index"} <= names
    assert any(r.is_api and "authority_slug" in r.kwargs for r in ROUTES), "the ninja API's patterns are missing"


def test_every_url_kwarg_name_has_a_filler():
    missing: dict[str, list[str]] = {}
    for route in ROUTES:
        for name in route.kwargs:
            if name not in route.fillers:
                missing.setdefault(name, []).append(route.display)
    assert not missing, (
        "These URL kwarg names have no filler in tests/url_fillers.py (add one line per name to FILLERS, "
        "e.g. \"widget_id\": pk_of(\"app.Widget\")): "
        + "; ".join(f"{name} (in {', '.join(paths)})" for name, paths in sorted(missing.items()))
    )


def test_the_public_allow_list_names_real_urls():
    names = {r.name for r in ROUTES}
    stale = sorted(set(PUBLIC) - names)
    assert not stale, f"PUBLIC in {__file__} names URLs that no longer exist: {stale}"


# --- The crawl ---------------------------------------------------------------------------------------


@pytest.fixture
def world(make_authority, make_user, other_authority):
    victim = make_authority(
        "victim-city", name_he=f"{MARKER} עיר", name_en=f"{MARKER} City", name_ar=f"{MARKER} مدينة"
    )
    a_user = make_user(authority=victim, role=Role.CEO, full_name=f"{MARKER} Person", email="ceo@victim.example")
    b_user = make_user(authority=other_authority, role=Role.CEO)
    from merhav.notify.services import send_notification

    send_notification(recipient=a_user, kind="crawler", title=f"{MARKER} notice", authority=victim, email=False)
    return World(a=victim, b=other_authority, a_user=a_user, b_user=b_user)


def fill(route: Route, world: World, **overrides) -> str:
    values = dict(overrides)
    for name in route.kwargs:
        if name in values:
            continue
        filler = route.fillers.get(name)
        if filler is None:
            pytest.fail(
                f"URL {route.display} has the kwarg {name!r}, which tests/url_fillers.py does not know. "
                f"Add a filler for {name!r} to FILLERS there (e.g. \"{name}\": pk_of(\"app.Model\"))."
            )
        values[name] = filler(world)
    path = route.path(values)
    match = resolve(path)
    # ninja gives each operation of one path (GET and POST of a list) its own pattern and view function;
    # the address resolves to the first of them, which serves all the path's operations.
    assert match.func == route.callback or (route.is_api and match.route == route.display), (
        f"The crawler filled {route.display} as {path}, but that address resolves to {match.view_name or match.func}."
        " Make the kwarg's filler return a value the converter accepts."
    )
    return path


def _example(schema: dict, components: dict):
    """A minimal value that satisfies an OpenAPI schema: required properties only."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("allOf", "anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return _example(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind, fmt = schema.get("type"), schema.get("format", "")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: _example(props[name], components) for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer" or kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if fmt == "date":
        return "2030-01-01"
    if fmt == "date-time":
        return "2030-01-01T09:00:00+02:00"
    if fmt == "email":
        return "someone@crawler.example"
    return "crawler"


@functools.cache
def _openapi() -> dict:
    from merhav.api.api import api

    return api.get_openapi_schema()


def api_body(route: Route, method: str) -> str:
    """A body that passes the operation's schema, so that the view itself (not validation) answers."""
    schema = _openapi()
    template = "/" + _ROUTE_PARAM.sub(lambda m: "{" + m.group("name") + "}", route.display)
    operation = schema["paths"].get(template, {}).get(method)
    content = ((operation or {}).get("requestBody") or {}).get("content", {}).get("application/json")
    if not content:
        return "{}"
    return json.dumps(_example(content["schema"], schema.get("components", {}).get("schemas", {})))


def send(client: Client, method: str, path: str, route: Route):
    if route.is_api and method != "get":
        return client.generic(method.upper(), path, data=api_body(route, method), content_type="application/json")
    return getattr(client, method)(path)


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", errors="replace") + " " + response.get("Location", "")


def assert_no_marker(response, who: str, method: str, path: str):
    assert MARKER not in text_of(response), (
        f"{method.upper()} {path} as {who} returned authority A's data (status {response.status_code})."
    )


@pytest.mark.parametrize("route", ROUTES, ids=_by_id)
def test_another_authoritys_member_cannot_reach(route, world, client):
    from conftest import verified_login

    verified_login(client, world.b_user)
    paths = [fill(route, world)]
    if "authority_slug" in route.kwargs and len(route.kwargs) > 1 and not route.is_public:
        # The likelier attack: B's own authority in the address, A's object id after it.
        paths.append(fill(route, world, authority_slug=world.b.slug))
    for path in paths:
        assert_b_is_refused(route, world, client, path)


def assert_b_is_refused(route: Route, world: World, client: Client, path: str):
    methods = API_METHODS if route.is_api else PAGE_METHODS
    for method in ("get",) if route.is_public else methods:
        response = send(client, method, path, route)
        status = response.status_code
        where = f"{method.upper()} {path} as the CEO of another authority"
        assert status != 500, f"{where}: {status}"  # 503 is /healthz without a worker
        if route.is_public:
            continue
        assert_no_marker(response, "the CEO of another authority", method, path)
        if route.is_admin:
            assert status == 403 or (
                status in REDIRECTS and response["Location"].startswith(reverse("admin:login"))
            ), f"{where}: expected the admin login or 403, got {status} {response.get('Location', '')}"
            continue
        if status in REDIRECTS:
            location = response["Location"]
            assert f"/a/{world.a.slug}/" not in location, f"{where}: redirected into authority A: {location}"
            assert_no_marker(client.get(location, follow=True), "the CEO of another authority", "get", location)
        elif route.kwargs:  # every kwarg is filled from A: an object of A is named
            assert status in REFUSALS, f"{where}: expected 403/404/405 or a redirect away, got {status}"


@pytest.mark.parametrize("route", ROUTES, ids=_by_id)
def test_anonymous_visitor_is_sent_to_login(route, world):
    client = Client()
    path = fill(route, world)
    if route.is_public:
        response = client.get(path)
        assert response.status_code != 500, f"GET {path} anonymously: {response.status_code}"
        return
    login = reverse("admin:login") if route.is_admin else resolve_url(settings.LOGIN_URL)
    methods = API_METHODS if route.is_api else PAGE_METHODS
    sent_to_login = False
    for method in methods:
        response = send(client, method, path, route)
        status = response.status_code
        where = f"{method.upper()} {path} anonymously"
        assert_no_marker(response, "an anonymous visitor", method, path)
        if route.is_api:
            assert status in (401, 405), f"{where}: expected 401, got {status}"
            sent_to_login |= status == 401
        else:
            redirected = status in REDIRECTS and response["Location"].startswith(login)
            assert redirected or status == 405, f"{where}: expected a redirect to {login}, got {status}"
            sent_to_login |= redirected
    assert sent_to_login, f"{path}: no method sent an anonymous visitor to the login"
