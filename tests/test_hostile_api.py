"""Every write operation of the API (POST, PUT, PATCH of the OpenAPI schema) receives hostile text in every
string of its body: text longer than the field allows, bidirectional override characters, HTML/JavaScript,
SQL-looking text, a NUL byte. The rest of the body is valid (dates, numbers, choices, addresses from the
schema), so that the text reaches the service. The caller is the first of CEO, CIO, partnerships manager,
intake coordinator and department head that the operation does not refuse.

No answer is a 5xx; an answer that refuses (4xx) is JSON and changed no row of any table.
tests/test_api_schemathesis.py fuzzes the same operations with random input; this sweep aims at the text.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from conftest import confirmed_device
from merhav.accounts.models import ApiToken
from merhav.api.api import api
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import member_of
from tests.hostile import PAYLOADS, changed, long_text, row_counts, table_names
from tests.url_fillers import FILLERS, World

SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA.get("components", {}).get("schemas", {})
OPERATIONS = [
    (method, path)
    for path, operations in sorted(SCHEMA["paths"].items())
    for method in operations
    if method in ("post", "put", "patch")
]
PERSONAS = [
    (Role.CEO, StandardDepartment.CEO_OFFICE),
    (Role.AUTHORITY_ADMIN, StandardDepartment.IT),
    (Role.PARTNERSHIPS_MANAGER, None),
    (Role.INTAKE_COORDINATOR, None),
    (Role.DEPARTMENT_HEAD, StandardDepartment.WELFARE),
]


def resolved(schema: dict) -> dict:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return resolved(options[0])
    return schema


def body(schema: dict, kind: str):
    """A value for the schema with every property, every free string carrying the `kind` payload."""
    schema = resolved(schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind_of, fmt = schema.get("type"), schema.get("format", "")
    if kind_of == "object" or "properties" in schema:
        return {name: body(prop, kind) for name, prop in schema.get("properties", {}).items()}
    if kind_of == "array":
        return [body(schema.get("items", {}), kind)]
    if kind_of in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind_of == "boolean":
        return False
    if fmt == "date":
        return "2030-11-12"
    if fmt == "date-time":
        return "2030-11-12T09:00:00+02:00"
    if fmt == "time":
        return "09:00:00"
    if fmt == "email":
        return "hostile@example.com"
    if fmt in ("uri", "url"):
        return "https://example.com/"
    if "pattern" in schema:
        return "x"
    return long_text(schema.get("maxLength")) if kind == "long" else PAYLOADS[kind]


def request_schema(operation: dict) -> dict | None:
    content = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
    return content["schema"] if content else None


@pytest.fixture
def world(authority, other_authority, ceo, outsider):
    return World(a=authority, b=other_authority, a_user=ceo, b_user=outsider)


def token_client(user) -> tuple[Client, dict]:
    confirmed_device(user)
    _token, raw = ApiToken.issue(user=user, name="hostile sweep")
    return Client(), {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize(("method", "template"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_api_write_survives_hostile_text(method, template, world, authority, ceo, settings):
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "api": (100_000, 60)}
    operation = SCHEMA["paths"][template][method]
    schema = request_schema(operation)
    if schema is None:
        pytest.skip(f"{method.upper()} {template} takes no JSON body")
    path = re.sub(r"\{(\w+)\}", lambda m: str(FILLERS[m.group(1)](world)), template)
    users = [ceo] + [member_of(authority, role, department_kind=kind) for role, kind in PERSONAS[1:]]
    callers = [token_client(user) for user in users]
    tables = table_names()
    problems: list[str] = []
    for kind in PAYLOADS:
        data = json.dumps(body(schema, kind))
        for client, headers in callers:
            before = row_counts(tables)
            response = client.generic(method.upper(), path, data, content_type="application/json", headers=headers)
            after = row_counts(tables)
            if response.status_code not in (403, 404):
                break
        status = response.status_code
        where = f"{method.upper()} {path} with {kind} text"
        if status >= 500:
            problems.append(f"{where}: {status}")
        elif status >= 400:
            if diff := changed(before, after):
                problems.append(f"{where}: refused ({status}) but rows changed: {diff}")
            if not response["Content-Type"].startswith("application/json"):
                problems.append(f"{where}: the refusal ({status}) is {response['Content-Type']}, not JSON")
    assert not problems, "\n".join(problems)
