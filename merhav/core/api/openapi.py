"""The answers every operation can give besides its own, written into the OpenAPI schema so that a client
(and schemathesis) knows every status code it may meet. ninja documents only what an operation declares."""

from collections.abc import Iterable

ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA = {
    "title": ERROR_SCHEMA_NAME,
    "type": "object",
    "properties": {
        "detail": {"type": "string", "title": "Detail"},
        "errors": {
            "type": "object",
            "title": "Errors",
            "description": "Messages by field name (on 422).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}

DESCRIPTIONS = {
    "400": "The body is not JSON.",
    "401": "Not authenticated: no token or session, or it was revoked.",
    "403": "Authenticated, but this user may not do this here.",
    "404": "No such object in this authority (another authority's id is a 404 too).",
    "422": "The input does not parse or a rule refuses it; messages by field.",
    "429": "Too many requests: wait a minute.",
}

_WRITES = frozenset({"post", "put", "patch", "delete"})


def _codes_for(method: str, operation: dict) -> Iterable[str]:
    yield "401"
    yield "429"
    parameters = operation.get("parameters", [])
    in_path = {p["name"] for p in parameters if p.get("in") == "path"}
    if in_path:
        yield "404"
        if "authority_slug" in in_path or method in _WRITES:
            yield "403"
    if "requestBody" in operation:
        yield "400"
    if parameters or "requestBody" in operation:
        yield "422"


def document_common_errors(schema: dict) -> dict:
    """Add the common error answers to every operation that does not document them itself."""
    schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(ERROR_SCHEMA_NAME, ERROR_SCHEMA)
    reference = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code in _codes_for(method, operation):
                if code not in responses and int(code) not in responses:
                    responses[code] = {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": reference}},
                    }
    return schema
