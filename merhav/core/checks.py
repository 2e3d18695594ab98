"""System checks of the plumbing (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Backends that never deliver, or that write whole emails (reset and invitation links) where logs or files
# keep them.
NOT_FOR_PRODUCTION_EMAIL = {
    "django.core.mail.backends.console.EmailBackend": "prints every email, links included, into the log",
    "django.core.mail.backends.filebased.EmailBackend": "writes every email, links included, into files",
    "django.core.mail.backends.locmem.EmailBackend": "keeps emails in memory: nothing is ever delivered",
    "django.core.mail.backends.dummy.EmailBackend": "drops every email: nothing is ever delivered",
}


@register(Tags.security, deploy=True)
def check_email_backend(app_configs, **kwargs):
    why = NOT_FOR_PRODUCTION_EMAIL.get(settings.EMAIL_BACKEND)
    if why is None or settings.DEBUG:
        return []
    return [Error(
        f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which {why}.",
        hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) to send through SMTP.",
        id="merhav.E001",
    )]
