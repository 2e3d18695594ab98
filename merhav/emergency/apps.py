"""Emergency operations: a module of Merhav. Everything the foundation needs to know about it is declared
here (merhav.core.modules): its pages, API router, navigation entry, dashboard panel, the banner every page
of the authority shows while an emergency is active, and the demo loader.

In an emergency it is the first thing a manager needs: its navigation entry and panel come first (110)."""

from django.utils.translation import gettext_lazy as _

from merhav.core.modules import BannerEntry, MerhavAppConfig, Module, NavEntry, PanelEntry


class EmergencyConfig(MerhavAppConfig):
    default = True  # Django picks this config, not the imported base class
    name = "merhav.emergency"
    label = "emergency"
    verbose_name = _("Emergency operations")
    provides = Module(
        authority_urls=(("emergency/", "merhav.emergency.urls"),),
        api_router="merhav.emergency.api.router",
        nav=(NavEntry("emergency", _("Emergency"), "emergency:index", "emergency.view", order=110),),
        panels=(
            PanelEntry("emergency", "emergency/panels/emergency.html", "emergency.view",
                       "merhav.emergency.panels.emergency_panel_context", order=110),
        ),
        banners=(
            BannerEntry("emergency", "emergency/banner.html", "emergency.view",
                        "merhav.emergency.banners.emergency_banner_context", order=10),
        ),
        demo_loader="merhav.emergency.demo.load_emergency_demo",
    )
