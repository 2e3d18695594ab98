from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "merhav.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from . import (
            policy,  # noqa: F401
            signals,  # noqa: F401
            tasks,  # noqa: F401  (registers the daily retention job)
        )
