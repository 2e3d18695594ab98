"""System checks of the plumbing (`manage.py check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

# Backends that never deliver, or that write whole emails (reset and invitation links) where logs or files
# keep them.
NOT_FOR_PRODUCTION_EMAIL = {
    "django.core.mail.backends.console.EmailBackend": "prints every email, links included, into the log",
    "django.core.mail.backends.filebased.EmailBackend": "writes every email, links included, into files",
    "django.core.mail.backends.locmem.EmailBackend": "keeps emails in memory: nothing is ever delivered",
    "django.core.mail.backends.dummy.EmailBackend": "drops every email: nothing is ever delivered",
}


@register(Tags.security, deploy=True)
def check_email_backend(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    why = NOT_FOR_PRODUCTION_EMAIL.get(settings.EMAIL_BACKEND)
    if why is None or settings.DEBUG:
        return []
    return [Error(
        f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which {why}.",
        hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) to send through SMTP.",
        id="merhav.E001",
    )]


@register(Tags.security, deploy=True)
def check_proxy_count(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A check cannot see requests: the request context middleware leaves a flag in the shared cache when
    one arrived with X-Forwarded-For while PROXY_COUNT is 0 (merhav.core.ratelimit.note_uncounted_proxy)."""
    from django.core.cache import cache

    from .ratelimit import UNCOUNTED_PROXY_FLAG

    if settings.MERHAV_PROXY_COUNT:
        return []
    try:
        seen = cache.get(UNCOUNTED_PROXY_FLAG)
    except Exception:  # no database or no cache table yet: nothing was seen
        return []
    if not seen:
        return []
    return [Warning(
        f"Requests arrived with X-Forwarded-For (last noted {seen}) but PROXY_COUNT is 0: every client "
        "has the proxy's address, so the rate limits and login lockouts of one hit everyone.",
        hint="Set PROXY_COUNT to the number of reverse proxies in front of gunicorn (see the README).",
        id="merhav.W001",
    )]
