from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "merhav.tenancy"
    label = "tenancy"
    verbose_name = _("Authorities")

    def ready(self) -> None:
        from . import (
            panels,  # noqa: F401
            policy,  # noqa: F401
        )
