"""Every page with a POST form receives hostile text, as a persona allowed to post there.

The pages are every URL pattern of the project (the isolation crawler's walk, kwargs from tests/url_fillers.py,
so a page added tomorrow is swept tomorrow). For each, the first persona (CEO, CIO, partnerships manager,
intake coordinator, department head, national admin, anonymous) whose GET shows a POST form with text
fields posts every such form five times, every text field filled with: text longer than the field allows,
bidirectional override characters, HTML/JavaScript, SQL-looking text, a NUL byte (the structured text fields,
dates, email addresses, phone numbers, get a valid value, so that the hostile text reaches the service). Then:

- no answer is a 5xx;
- a refused form (4xx, or the page again with its error summary) is in the user's language (Hebrew), shows
  every text field with what was typed, and changed no row of any table;
- no page, after the post or on the page itself again, contains the script payload unescaped.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from conftest import verified_login
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import member_of
from tests.hostile import PAYLOADS, changed, payload_for, post_forms, row_counts, table_names
from tests.test_isolation_crawler import all_routes
from tests.url_fillers import FILLERS, World

PAGE_ROUTES = [r for r in all_routes() if not r.is_api and not r.is_admin]
# Forms on every page that take no text: the language switch and the logout button.
NOT_SWEPT = {"accounts:set_language", "accounts:logout"}
RAW_SCRIPT = ("<script>window.__hostile", "<img src=x onerror", "<svg onload")


@pytest.fixture
def personas(authority, ceo, national_admin):
    return {
        "ceo": ceo,
        "authority_admin": member_of(authority, Role.AUTHORITY_ADMIN, department_kind=StandardDepartment.IT),
        "partnerships_manager": member_of(authority, Role.PARTNERSHIPS_MANAGER),
        "intake_coordinator": member_of(authority, Role.INTAKE_COORDINATOR),
        "department_head": member_of(authority, Role.DEPARTMENT_HEAD, department_kind=StandardDepartment.WELFARE),
        "national_admin": national_admin,
        "anonymous": None,
    }


@pytest.fixture
def world(authority, other_authority, ceo, outsider):
    return World(a=authority, b=other_authority, a_user=ceo, b_user=outsider)


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        user.language = "he"
        user.save(update_fields=["language"])
        verified_login(client, user)
        session = client.session
        session["merhav_language"] = "he"
        session.save()
    return client


def html_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", errors="replace")


def action_of(form, path: str) -> str | None:
    """Where the form posts, or None when it is one of the forms of every page that take no text."""
    target = urljoin(path, form.action) if form.action else path
    try:
        match = resolve(target.split("?")[0])
    except Resolver404:
        return target
    return None if match.view_name in NOT_SWEPT else target


def sweepable(html: str, path: str) -> list:
    return [f for f in post_forms(html) if f.text_fields() and action_of(f, path)]


def unescaped(html: str) -> list[str]:
    return [s for s in RAW_SCRIPT if s in html]


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=lambda r: r.id)
def test_every_form_survives_hostile_text(route, world, personas):
    path = route.path({name: FILLERS[name](world) for name in route.kwargs})
    client, who, forms = None, None, []
    for persona, user in personas.items():
        client, who = client_of(user), persona
        response = client.get(path)
        if response.status_code == 200 and not response.streaming:
            forms = sweepable(html_of(response), path)
            if forms:
                break
    if not forms:
        pytest.skip(f"{path}: no persona sees a POST form with text fields")
    tables = table_names()
    problems: list[str] = []
    for index in range(len(forms)):
        for kind in PAYLOADS:
            page = client.get(path)
            now = sweepable(html_of(page), path)
            if len(now) <= index:  # an accepted post closed or removed what the form edits
                break
            form = now[index]
            target = action_of(form, path)
            typed = {f.name: payload_for(kind, f) for f in form.text_fields()}
            before = row_counts(tables)
            response = client.post(target, form.data(typed))
            after = row_counts(tables)
            where = f"POST {target} (form {index + 1} of {path}) as {who} with {kind} text"
            status = response.status_code
            if status >= 500:
                problems.append(f"{where}: {status}")
                continue
            body = html_of(response)
            if bad := unescaped(body):
                problems.append(f"{where}: the answer contains {bad} unescaped")
            refused = status >= 400 or (status == 200 and 'class="error-summary"' in body)
            if refused:
                if diff := changed(before, after):
                    problems.append(f"{where}: refused ({status}) but rows changed: {diff}")
                if '<html lang="he"' not in body:
                    problems.append(f"{where}: the refusal ({status}) is not a page in the user's language")
                if status in (200, 400, 409):
                    problems.extend(kept(body, form, typed, where))
            elif status in (301, 302, 303):
                shown = client.get(response["Location"])
                if shown.status_code >= 500:
                    problems.append(f"{where}: the page after it, {response['Location']}, is {shown.status_code}")
                elif bad := unescaped(html_of(shown)):
                    problems.append(f"{where}: {response['Location']} shows {bad} unescaped")
        again = client.get(path)
        if again.status_code >= 500:
            problems.append(f"GET {path} after the posts: {again.status_code}")
        elif bad := unescaped(html_of(again)):
            problems.append(f"GET {path} after the posts shows {bad} unescaped")
    assert not problems, "\n".join(problems)


def kept(body: str, form, typed: dict[str, str], where: str) -> list[str]:
    """The refused form shows every text field with what was typed (passwords excepted)."""
    names = set(typed)
    candidates = [f for f in post_forms(body) if names <= {g.name for g in f.fields}]
    shown = next((f for f in candidates if f.action == form.action), candidates[0] if candidates else None)
    if shown is None:
        return [f"{where}: the page after the refusal does not show the form again"]
    values = {f.name: f.value for f in shown.fields}
    lost = [
        name for name, value in typed.items()
        if values.get(name, "").replace("\r\n", "\n") != value.replace("\r\n", "\n")
        and next(f for f in form.fields if f.name == name).type != "password"
    ]
    return [f"{where}: the refused form lost what was typed in {lost}"] if lost else []
