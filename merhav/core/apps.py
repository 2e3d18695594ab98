from datetime import timedelta

from .modules import Job, MerhavAppConfig, Module


class CoreConfig(MerhavAppConfig):
    """The plumbing every app may use; it imports no app of Merhav."""

    name = "merhav.core"
    label = "core"
    default = True  # Django picks this config, not the imported base class (without it neither the
    # periodic purge below nor the system checks were registered)
    provides = Module(periodic_jobs=(Job("merhav.core.tasks.purge_form_submissions", every=timedelta(hours=6)),))

    def ready(self) -> None:
        super().ready()
        from . import checks  # noqa: F401  (registers the system checks)
