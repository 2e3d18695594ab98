"""The request context: who is acting, from which address, in which request — in context variables.

RequestContextMiddleware sets it for every request (first in the chain), so services and the audit log
read the acting user, the client's address and the request id from here and never take the HTTP request.
Outside a request (the worker, a management command, a test) `acting_as()` sets the same context.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse

from .ratelimit import client_ip, note_uncounted_proxy

_VALID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


@dataclass
class RequestContext:
    request_id: str | None = None
    client_ip: str | None = None
    # The user is read when asked for: authentication runs after this middleware.
    user_getter: Callable[[], Any] = field(default=lambda: None)
    # The authority of the page (/a/<slug>/…), resolved by the tenancy middleware after this one.
    authority_getter: Callable[[], Any] = field(default=lambda: None)

    @property
    def user(self) -> Any:
        user = self.user_getter()
        return user if user is not None and getattr(user, "is_authenticated", False) else None


_context: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("merhav_request_context")
_EMPTY = RequestContext()


def current() -> RequestContext:
    return _context.get(_EMPTY)


def current_request_id() -> str | None:
    return current().request_id


def current_client_ip() -> str | None:
    return current().client_ip


def current_user() -> Any:
    """The authenticated user acting now, or None (anonymous, the worker)."""
    return current().user


def current_authority() -> Any:
    """The authority of the current page or API call, or None."""
    return current().authority_getter()


@contextmanager
def acting_as(
    user: Any = None, *, authority: Any = None, client_ip: str | None = None, request_id: str | None = None
) -> Iterator[None]:
    """Set the context outside a request: the worker acting for a user, a command, a test."""
    token = _context.set(
        RequestContext(
            request_id=request_id, client_ip=client_ip, user_getter=lambda: user, authority_getter=lambda: authority
        )
    )
    try:
        yield
    finally:
        _context.reset(token)


class RequestContextMiddleware:
    """Gives every request an id (or keeps a proxy's X-Request-ID) and sets the request context."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        note_uncounted_proxy(request)
        token = _context.set(
            RequestContext(
                request_id=request_id,
                client_ip=client_ip(request),
                user_getter=lambda: getattr(request, "user", None),
                authority_getter=lambda: getattr(request, "authority", None),
            )
        )
        try:
            response = self.get_response(request)
        finally:
            _context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current().request_id or "-"
        return True
