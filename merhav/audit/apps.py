from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from merhav.core.modules import Job, MerhavAppConfig, Module


class AuditConfig(MerhavAppConfig):
    """The append-only audit log: its model, record() and the receivers of login and refusal signals.
    Its page lives in the workspace app."""

    default = True  # Django picks this config, not the imported base class
    name = "merhav.audit"
    label = "audit"
    verbose_name = _("Audit log")
    provides = Module(periodic_jobs=(Job("merhav.audit.tasks.purge_audit_log", every=timedelta(days=1)),))
