from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from merhav.core.signals import access_denied

from .services import Action, record

# The receivers get the request, but record() reads the client's address, the request id, the acting user
# and the authority from the request context (merhav.core.context), which the middleware set for it.


def _account(email) -> object | None:
    """The account a typed email belongs to, if any. The typed text itself is never stored: it is
    personal data, and it may be a stranger's address or a password typed in the wrong field."""
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=str(email).strip()).first()


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(action=Action.LOGIN, user=user, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(action=Action.LOGOUT, user=user, obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    credentials = credentials or {}
    user = _account(credentials.get("username") or credentials.get("email"))
    record(action=Action.LOGIN_FAILED, user=user, object_type="accounts.user",
           object_id=user.pk if user else "")


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    user = _account(username)
    record(action=Action.DENIED, user=user, object_type="accounts.lockout",
           object_id=user.pk if user else "")


@receiver(access_denied)
def on_access_denied(sender, request, permission, obj=None, **kwargs):
    """A refused write (merhav.core.permissions.deny): the auditor's attempts stay visible."""
    attempted = [f"perm:{permission}"]
    if request is not None:
        attempted.append(f"page:{request.method} {request.path}"[:200])
    record(action=Action.DENIED, obj=obj, object_type="" if obj is not None else permission, fields=attempted)
