"""Background work of the accounts: the password reset email, the security notices (a new two-factor
device, a reset of two-factor by an administrator), and housekeeping of the safety nets."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from merhav.core.ratelimit import purge_expired_counters
from merhav.core.tasks import retrying_task

from .models import User


@retrying_task(max_attempts=3, base_delay=60)
def send_password_reset_email(*, user_id: int) -> str:
    """The reset link, made now (it is valid PASSWORD_RESET_TIMEOUT from here) and never stored."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return "skipped"
    site = urlsplit(settings.MERHAV_SITE_URL)
    context = {
        "email": user.email,
        "user": user,
        "protocol": site.scheme,
        "domain": site.netloc,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        # The subject is generic: nothing personal in subjects.
        subject = "".join(render_to_string("accounts/email/password_reset_subject.txt", context).splitlines())
        body = render_to_string("accounts/email/password_reset.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()
    return "sent"


SECURITY_NOTICES = frozenset({"device_added", "backup_codes_renewed", "two_factor_reset"})


@retrying_task(max_attempts=3, base_delay=60)
def send_security_notice(*, user_id: int, notice: str, authority_id: int | None = None) -> str:
    """Tell the account holder about a change to how they log in, so that a change they did not make is
    noticed: someone with their password enrolled a device or made new backup codes, or an administrator
    reset their two-factor."""
    if notice not in SECURITY_NOTICES:
        raise ValueError(f"Unknown security notice {notice!r}")
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "skipped"
    from merhav.tenancy.models import Authority

    authority = Authority.objects.filter(pk=authority_id).first() if authority_id else None
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "notice": notice,
            "authority_name": authority.name if authority else "",
            "reset_url": settings.MERHAV_SITE_URL + reverse("accounts:password_reset"),
            "login_url": settings.MERHAV_SITE_URL + reverse("accounts:login"),
        }
        # The subject is generic: nothing personal in subjects.
        subject = "".join(render_to_string("accounts/email/security_notice_subject.txt", context).splitlines())
        body = render_to_string("accounts/email/security_notice.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()
    return "sent"


@task()
def purge_rate_counters() -> int:
    """Delete the counters of rate-limit windows that have ended."""
    return purge_expired_counters()
