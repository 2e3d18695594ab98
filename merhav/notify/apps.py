from django.utils.translation import gettext_lazy as _

from merhav.core.modules import MerhavAppConfig, Module


class NotifyConfig(MerhavAppConfig):
    default = True  # Django picks this config, not the imported base class
    name = "merhav.notify"
    label = "notify"
    verbose_name = _("Notifications")
    provides = Module(site_urls=(("", "merhav.notify.urls"),))
