"""The OpenAPI schema at /api/v1/openapi.json describes every endpoint and both ways to authenticate."""

from django.urls import reverse


def test_schema_loads_and_lists_the_platform_endpoints(client, db):
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Merhav API"
    paths = schema["paths"]
    assert {"get"} <= set(paths["/api/v1/me"])
    assert {"get"} <= set(paths["/api/v1/authorities"])
    assert {"get"} <= set(paths["/api/v1/authorities/{authority_slug}/departments"])
    assert {"get", "post"} <= set(paths["/api/v1/authorities/{authority_slug}/memberships"])
    assert {"patch"} <= set(paths["/api/v1/authorities/{authority_slug}/memberships/{membership_id}"])


def test_schema_documents_token_and_session_auth(client, db):
    schemes = client.get(reverse("api:openapi-json")).json()["components"]["securitySchemes"]
    kinds = {(s["type"], s.get("scheme") or s.get("in")) for s in schemes.values()}
    assert ("http", "bearer") in kinds
    assert ("apiKey", "cookie") in kinds


def test_every_operation_requires_authentication(client, db):
    schema = client.get(reverse("api:openapi-json")).json()
    assert "/api/v1/authorities/{authority_slug}/lessons/actions" in schema["paths"]  # the modules' routers too
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security"), f"{method.upper()} {path} is open to anyone"


def test_the_docs_page_loads(client, db):
    assert client.get(reverse("api:openapi-view")).status_code == 200


def test_list_operations_document_refusals_and_bad_input(client, db):
    schema = client.get(reverse("api:openapi-json")).json()
    lists = [(path, ops["get"]) for path, ops in schema["paths"].items()
             if "get" in ops and "{authority_slug}" in path and not path.endswith("}")]
    assert len(lists) >= 5
    for path, operation in lists:
        assert {"401", "403", "404", "422", "429"} <= set(operation["responses"]), path
        assert operation["responses"]["422"]["content"]["application/json"]["schema"]


def test_every_operation_documents_401_and_429(client, db):
    schema = client.get(reverse("api:openapi-json")).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "429"} <= set(operation["responses"]), f"{method.upper()} {path}"


def test_no_two_schemas_share_a_name():
    """The OpenAPI document keys its schemas by class name, and ninja lets the last one registered win:
    two modules each with a `MemberOut` would describe one module's answers with the other's fields. Every
    name must mean one shape across all routers (inputs and outputs)."""
    import json

    from ninja.constants import NOT_SET

    from merhav.api.api import api

    shapes: dict[str, dict[str, str]] = {}
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                models = [m for m in operation.response_models.values() if m not in (None, NOT_SET)]
                models += list(getattr(operation, "models", []) or [])
                for model in models:
                    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
                    for name, shape in schema.get("$defs", {}).items():
                        text = json.dumps(shape, sort_keys=True)
                        shapes.setdefault(name, {}).setdefault(text, f"{router.__module__ if hasattr(router, '__module__') else ''}{path}")
    clashes = {name: sorted(where.values()) for name, where in shapes.items() if len(where) > 1}
    assert not clashes, f"schema names with more than one shape: {clashes}"
