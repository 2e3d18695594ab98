"""Partnerships and community resources: a module of Merhav. Everything the foundation needs to know about
it is declared here (merhav.core.modules): its pages, the public needs page, API router, navigation entry,
dashboard panel and demo loader."""

from django.utils.translation import gettext_lazy as _

from merhav.core.modules import MerhavAppConfig, Module, NavEntry, PanelEntry


class ResourcesConfig(MerhavAppConfig):
    default = True  # Django picks this config, not the imported base class
    name = "merhav.resources"
    label = "resources"
    verbose_name = _("Partnerships and resources")
    provides = Module(
        authority_urls=(("resources/", "merhav.resources.urls"),),
        site_urls=(("p/needs/", "merhav.resources.public_urls"),),
        api_router="merhav.resources.api.router",
        nav=(NavEntry("resources", _("Partnerships and resources"), "resources:index", "resources.view", order=120),),
        panels=(
            PanelEntry("resources", "resources/panels/resources.html", "resources.view",
                       "merhav.resources.panels.resources_panel_context", order=120),
        ),
        demo_loader="merhav.resources.demo.load_resources_demo",
    )
