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
        bench_data="merhav.resources.bench.bench_data",
        audit_words="merhav.resources.audit_labels.WORDS",
        calendar_providers=("merhav.resources.calendar.resources_calendar",),
        accessibility_checks=(
            _("The pages of the partnerships and community resources module (the situation picture, partners with "
              "their contacts and agreements, resources, needs, responses, the gap document and its snapshots, the "
              "import of a sheet with its column mapping and preview, the regional network, the cross-sector forum, "
              "the settings and the public list of needs) are checked with axe-core in Hebrew, Arabic and English and "
              "to fit a 360-pixel phone; recording a need and allocating a suggested resource is completed with the "
              "keyboard alone, in Hebrew and in Arabic."),
        ),
        accessibility_gaps=(
            _("In the partnerships and community resources module, the waiting page of an import (with its progress "
              "bar) and the page of a file that could not be read are not yet part of the automated axe-core check."),
        ),
    )
