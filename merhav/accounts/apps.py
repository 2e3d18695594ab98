from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from merhav.core.modules import Job, MerhavAppConfig, Module


class AccountsConfig(MerhavAppConfig):
    default = True  # Django picks this config, not the imported base class
    name = "merhav.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    provides = Module(
        site_urls=(("", "merhav.accounts.urls"),),
        periodic_jobs=(Job("merhav.accounts.tasks.purge_rate_counters", every=timedelta(hours=1)),),
    )
