from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import Action, record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(action=Action.LOGIN, user=user, request=request, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(action=Action.LOGOUT, user=user, request=request, obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The typed email is personal data and may be a stranger's: log the attempt, not the name.
    from django.contrib.auth import get_user_model

    User = get_user_model()
    email = (credentials or {}).get("username") or (credentials or {}).get("email") or ""
    user = User.objects.filter(email__iexact=email).first() if email else None
    record(action=Action.LOGIN_FAILED, user=user, request=request, object_type="accounts.user",
           object_id=user.pk if user else "")


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record(action=Action.DENIED, request=request, object_type="accounts.lockout")
