"""API authentication: a personal access token (Bearer) or the browser session (with CSRF)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from merhav.accounts.services import TokenCheck, check_api_token
from merhav.core.ratelimit import allow, client_key
from merhav.tenancy.policy import requires_two_factor
from merhav.tenancy.roles import WRITING_ROLES
from merhav.tenancy.selectors import membership_by_slug


def throttle(request, user) -> None:
    """One request budget per user, shared by tokens and the session; unknown tokens count per address."""
    client = f"user:{user.pk}" if user is not None else f"ip:{client_key(request)}"
    if not allow("api", client):
        raise HttpError(429, "Too many requests.")


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def refuse_writes_by_readers(request, user) -> None:
    """A member whose role only reads (the auditor, the viewer) is refused any write to the authority,
    before the request body is even parsed — like the pages, where the policy runs before the form —
    so the answer is always 403 (never a 422 about the input) and the attempt is in the audit log.
    Finer rules (who may edit what) are each operation's, through merhav.tenancy.access."""
    if request.method in SAFE_METHODS:
        return
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("authority_slug") if match else None
    membership = membership_by_slug(user, slug) if slug else None
    if membership is None or membership.role in WRITING_ROLES:
        return  # not a member (the operation answers 404) or a role that writes
    request.user = user
    authority = request.authority = membership.authority
    from merhav.audit.services import Action, record

    record(action=Action.DENIED, authority=authority,
           object_type=f"{request.method} /{match.route}"[:100])
    raise PermissionDenied("This role only reads.")


class TokenAuth(HttpBearer):
    """A personal access token: `Authorization: Bearer mrv_…`. Only its hash is stored. Unknown, revoked
    or expired → 401; a user whose roles need two-factor and who has no confirmed device → 401 until one
    is confirmed (merhav.accounts.services.check_api_token)."""

    def authenticate(self, request, token: str):
        check = check_api_token(token)
        throttle(request, check.user)
        if check.problem in (TokenCheck.EXPIRED, TokenCheck.NEEDS_TWO_FACTOR):
            # Why the token is refused, in its owner's language (who else would read it).
            with translation.override(check.user.language or settings.LANGUAGE_CODE):
                if check.problem == TokenCheck.EXPIRED:
                    reason = _("This token has expired. Make a new one on your account page.")
                else:
                    reason = _("This token is suspended: your role needs two-factor authentication. Set it up by "
                               "logging in to Merhav, and the token works again.")
            raise HttpError(401, reason)
        if check.problem:
            return None
        request.user = check.user  # so the policy, the audit log and the language see who it is
        refuse_writes_by_readers(request, check.user)
        return check.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session. Unsafe methods need the CSRF token (ninja's APIKeyCookie checks it,
    with Django's CsrfViewMiddleware logic); a user whose role needs two-factor must have passed it in
    this session, as for the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # no session: nothing for CSRF to protect, and the answer is 401
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if requires_two_factor(user) and not user.is_verified():
            return None
        throttle(request, user)
        refuse_writes_by_readers(request, user)
        return user
