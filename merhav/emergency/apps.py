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
        bench_data="merhav.emergency.bench.bench_data",
        audit_words="merhav.emergency.audit_labels.WORDS",
        accessibility_checks=(
            _("The pages of the emergency module (emergency mode and its event log, sealed messages, their readiness "
              "and approval, issuing and the issue log, the webhook settings and the ecosystem manager's checklist "
              "with its questions' editing) "
              "are checked with axe-core in Hebrew, Arabic and English, and to fit a 360-pixel phone screen. "
              "Declaring an emergency and issuing a sealed message are completed with the keyboard alone, in Hebrew "
              "and in Arabic."),
        ),
        accessibility_gaps=(
            _("In the emergency module, the keyboard-only check does not cover the ecosystem manager's checklist, "
              "and the screen reader has not been tried on its stage circle (a table of the same figures is beside "
              "it)."),
        ),
    )
