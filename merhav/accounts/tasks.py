"""Background work of the accounts: the password reset email, and housekeeping of the safety nets."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
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


@task()
def purge_rate_counters() -> int:
    """Delete the counters of rate-limit windows that have ended."""
    return purge_expired_counters()
