"""API authentication: a personal access token (Bearer) or the browser session (with CSRF)."""

from django.http import Http404
from django_scopes import scope
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from merhav.accounts.models import ApiToken
from merhav.tenancy.selectors import authority_by_slug, memberships_of
from merhav.ui.ratelimit import allow


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not allow("api", f"token:{token[:16]}"):
            raise HttpError(429, "Too many requests.")
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; ninja checks CSRF for unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if not allow("api", f"user:{user.pk}"):
                raise HttpError(429, "Too many requests.")
            return user
        return None


def enter_authority(request, slug: str):
    """Resolve the authority for an API call, require membership, and return a scope context manager.

    Another authority's slug is a 404, exactly like in the pages.
    """
    authority = authority_by_slug(slug)
    membership = memberships_of(request.auth).get(authority.pk) if authority else None
    if membership is None:
        raise Http404("No such authority.")
    request.authority = authority
    request.membership = membership
    return scope(authority=authority)
