from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from merhav.core.modules import Job, MerhavAppConfig, Module


class TenancyConfig(MerhavAppConfig):
    """Authorities, regions, departments, memberships and roles, the scope middleware and the policy.
    It renders no page: the authority's administration pages are the workspace app's."""

    default = True  # Django picks this config, not the imported base class
    name = "merhav.tenancy"
    label = "tenancy"
    verbose_name = _("Authorities")
    provides = Module(
        api_router="merhav.tenancy.api.router",
        periodic_jobs=(Job("merhav.tenancy.tasks.purge_people_imports", every=timedelta(hours=1)),),
    )
