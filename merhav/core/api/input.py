"""Input the API refuses before any operation sees it, and the bounds every list shares.

A NUL character cannot be stored by PostgreSQL (the driver raises, the answer was a 500) and has no place
in text a person typed: a query parameter or a JSON string that contains one answers 422 naming the field,
on every database alike.
"""

import json
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

# An offset past this is refused (422): beyond it the database's 64-bit LIMIT/OFFSET overflows (a 500).
# No list holds a billion rows; the bound keeps the parameter honest in the schema too.
MAX_OFFSET = 1_000_000_000

NUL = "\x00"
NUL_ERROR_TYPE = "nul_character"
# A whole number no database column holds (64-bit signed): an id of 2^90 was a 500 (OverflowError).
INT_RANGE_ERROR_TYPE = "int_out_of_range"
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


class InvalidInput(Exception):
    """Raised while parsing the body: ninja wraps it in a 400, which errors.install turns into this 422."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__(errors)


def _bad_locations(value: Any, path: tuple) -> list[tuple[str, tuple]]:
    """(error type, location) of every string with a NUL and every integer past 64 bits in a JSON value."""
    if isinstance(value, str):
        return [(NUL_ERROR_TYPE, path)] if NUL in value else []
    if isinstance(value, int) and not isinstance(value, bool):
        return [] if INT_MIN <= value <= INT_MAX else [(INT_RANGE_ERROR_TYPE, path)]
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and NUL in key:
                found.append((NUL_ERROR_TYPE, (*path, key)))
            found.extend(_bad_locations(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_bad_locations(item, (*path, index)))
    return found


def _errors(found: list[tuple[str, tuple]]) -> list[dict]:
    return [{"type": kind, "loc": loc, "msg": kind, "ctx": {"le": INT_MAX}} for kind, loc in found]


def nul_message() -> str:
    return _("Null characters are not allowed.")  # Django's own message, translated in he and ar


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        locations = _bad_locations(data, ("body",))
        if locations:
            raise InvalidInput(_errors(locations))
        return data

    def parse_querydict(self, data: Any, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        locations = []
        for key, value in parsed.items():
            if NUL in key:
                locations.append((NUL_ERROR_TYPE, ("query", key)))
            else:
                locations.extend(_bad_locations(value, ("query", key)))
        if locations:
            raise NinjaValidationError(_errors(locations))
        return parsed


def choices_of(choices: Any) -> Any:
    """A schema type for a model's TextChoices: the values inline in the OpenAPI document. Typing a field with
    the choices class itself makes ninja name a schema after the class ("Kind", "Status"), and two modules'
    classes of one name would overwrite each other's description (merhav/api/tests/test_openapi.py)."""
    return Literal[tuple(choices.values)]
