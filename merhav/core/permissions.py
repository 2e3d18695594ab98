"""The view side of the policy: a decorator that asks the rules policy about the current authority
(or an object the view loads) and refuses with 403; a refused write sends `access_denied`, which the
audit log records."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn, Protocol

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .signals import access_denied


class Predicate(Protocol):
    """What `rules.predicate` makes of a function (rules ships no types): called with (user, obj) it
    answers, and it combines with others by & | ~ into a new predicate."""

    def __call__(self, *args: Any) -> bool: ...
    def __and__(self, other: Predicate) -> Predicate: ...
    def __or__(self, other: Predicate) -> Predicate: ...
    def __invert__(self) -> Predicate: ...


def deny(request: HttpRequest, permission: str, obj: Any = None) -> NoReturn:
    """Refuse, and log refused writes (POST/PUT/PATCH/DELETE) so the auditor's attempts are visible."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        target = obj if obj is not None and hasattr(obj, "_meta") else None
        access_denied.send(sender=deny, request=request, permission=permission, obj=target)
    raise PermissionDenied(permission)


def check_perm(request: Any, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj if obj is not None else request.authority):
        deny(request, permission, obj)


View = Callable[..., HttpResponse]


def require_perm(permission: str) -> Callable[[View], View]:
    """Require a permission on the request's authority before the view runs."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            check_perm(request, permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_global_perm(permission: str) -> Callable[[View], View]:
    """Require a permission that is not about one authority (national administration)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                deny(request, permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
