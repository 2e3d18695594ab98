"""Errors of the API in one shape, in the user's language:

    {"detail": "Please correct the errors below.", "errors": {"due_date": ["…"], "owner_id": ["…"]}}

Input that does not parse (ninja/pydantic) and rules a service refuses (django ValidationError) both
answer 422 with a message per field. Pydantic's own messages are English only, so the common error
types are mapped to Django's messages, which Django already ships in Hebrew and Arabic.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .input import INT_MAX, INT_RANGE_ERROR_TYPE, NUL_ERROR_TYPE, InvalidInput, nul_message

# Where a parameter came from in ninja's error locations; not part of the field's name.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
ALL_FIELDS = "__all__"


class ErrorOut(Schema):
    """The body of every refused request (400-429): a sentence, and on 422 the messages by field name. Every
    router declares it for its error codes; one class, so the OpenAPI document has one "ErrorOut"."""

    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Messages by field name.")


def activate_language(request: Any) -> str:
    """The language of API answers: the browser session's chosen language, else the Accept-Language
    header, else the language saved on the user's account (what a token client without a header gets)."""
    has_cookie = settings.LANGUAGE_COOKIE_NAME in request.COOKIES
    has_header = bool(request.META.get("HTTP_ACCEPT_LANGUAGE", "").strip())
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    saved = getattr(user, "language", "") if getattr(user, "is_authenticated", False) else ""
    if not has_cookie and not has_header and saved in dict(settings.LANGUAGES):
        translation.activate(saved)
        request.LANGUAGE_CODE = saved
    return translation.get_language()


def error_body(errors: Mapping[str, Iterable[str]], detail: str | None = None) -> dict:
    texts = {field: [str(m) for m in messages] for field, messages in errors.items()}
    count = sum(len(m) for m in texts.values()) or 1
    if detail is None:
        detail = ngettext("Please correct the error below.", "Please correct the errors below.", count)
    return {"detail": str(detail), "errors": texts}


class ApiValidationError(Exception):
    """Raised by API operations with field names as the API spells them (owner_id, not owner)."""

    def __init__(self, errors: Mapping[str, Iterable[str]], detail: str | None = None, status: int = 422):
        self.errors = {field: list(messages) for field, messages in errors.items()}
        self.detail = detail
        self.status = status
        super().__init__(self.errors)


def from_django(exc: DjangoValidationError, aliases: Mapping[str, str] | None = None) -> ApiValidationError:
    """A service's ValidationError, its model field names renamed to the API's (owner → owner_id)."""
    aliases = aliases or {}
    if hasattr(exc, "error_dict"):
        raw = {field: list(exc.message_dict[field]) for field in exc.error_dict}
    else:
        raw = {ALL_FIELDS: list(exc.messages)}
    errors: dict[str, list[str]] = {}
    for field, messages in raw.items():
        name = ALL_FIELDS if field == NON_FIELD_ERRORS else aliases.get(field, field)
        errors.setdefault(name, []).extend(messages)
    return ApiValidationError(errors)


def _field_name(loc: Iterable) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # Body parameters are nested under the operation's argument name (e.g. "payload").
    if len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or ALL_FIELDS


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == NUL_ERROR_TYPE:
        return nul_message()
    if kind == INT_RANGE_ERROR_TYPE:
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": INT_MAX}
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return _("This field is required.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a valid date.")
    if kind.startswith("int") or kind == "float_parsing":
        return _("Enter a whole number.")
    if kind in ("enum", "literal_error"):
        return _("Select a valid choice. That choice is not one of the available choices.")
    if kind == "string_too_long":
        limit = ctx.get("max_length", 0)
        return ngettext(
            "Ensure this value has at most %(limit_value)d character.",
            "Ensure this value has at most %(limit_value)d characters.",
            limit,
        ) % {"limit_value": limit}
    if kind in ("less_than_equal", "less_than"):
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le", ctx.get("lt"))
        }
    if kind in ("greater_than_equal", "greater_than"):
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge", ctx.get("gt"))
        }
    return _("Enter a valid value.")


def install(api: Any) -> None:
    """Register the handlers on the NinjaAPI object (merhav/api/api.py calls this once)."""

    def field_errors(request: Any, raw_errors: Any) -> Any:
        activate_language(request)
        errors: dict[str, list[str]] = {}
        for error in raw_errors:
            errors.setdefault(_field_name(error.get("loc", ())), []).append(_message(error))
        return api.create_response(request, error_body(errors), status=422)

    @api.exception_handler(NinjaValidationError)
    def on_invalid_input(request: Any, exc: NinjaValidationError) -> Any:
        return field_errors(request, exc.errors)

    @api.exception_handler(HttpError)
    def on_http_error(request: Any, exc: HttpError) -> Any:
        # ninja turns any error while parsing the body into a 400; refused text in it is a 422 by field.
        if isinstance(exc.__cause__, InvalidInput):
            return field_errors(request, exc.__cause__.errors)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    @api.exception_handler(ApiValidationError)
    def on_refused_input(request: Any, exc: ApiValidationError) -> Any:
        activate_language(request)
        return api.create_response(request, error_body(exc.errors, exc.detail), status=exc.status)

    @api.exception_handler(DjangoValidationError)
    def on_service_validation(request: Any, exc: DjangoValidationError) -> Any:
        activate_language(request)
        refused = from_django(exc)
        return api.create_response(request, error_body(refused.errors), status=422)
