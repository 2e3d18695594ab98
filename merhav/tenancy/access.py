"""The API side of the policy, the same as the pages': enter the authority (an outsider gets 404),
then ask the rules policy (a refusal is 403, and a refused write is written to the audit log).

    @router.post("/authorities/{authority_slug}/things")
    def create_thing(request, authority_slug: str, payload: ThingIn):
        with authority_access(request, authority_slug, "app.create_thing"):
            ...
            check(request, "app.edit_thing", thing)   # on an object loaded inside the scope
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from django.http import Http404
from django_scopes import scope

from merhav.core.api.errors import activate_language
from merhav.core.api.pagination import load_within
from merhav.core.permissions import check_perm

from .selectors import membership_by_slug


@contextmanager
def authority_access(request, authority_slug: str, permission: str | None = None) -> Iterator:
    """Resolve the authority, require membership (else 404), activate its scope and the user's
    language, and check `permission` on the authority when given. Yields the authority."""
    with enter_authority(request, authority_slug):
        activate_language(request)
        if permission:
            check_perm(request, permission)
        yield request.authority


def check(request, permission: str, obj=None) -> None:
    """Check a permission on an object (or the request's authority); 403 and audited when refused."""
    check_perm(request, permission, obj)


def enter_authority(request, slug: str):
    """Resolve the authority for an API call, require membership, and return a scope context manager.

    Another authority's slug is a 404, exactly like in the pages.
    """
    membership = membership_by_slug(request.auth, slug)
    if membership is None:
        raise Http404("No such authority.")
    request.authority = membership.authority
    request.membership = membership
    load_within(request, partial(scope, authority=membership.authority))  # @paginate loads its page in it
    return scope(authority=membership.authority)
