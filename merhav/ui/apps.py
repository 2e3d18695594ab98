from merhav.core.modules import MerhavAppConfig, Module


class UiConfig(MerhavAppConfig):
    """Presentation: the page shell, CSS and JS, charts, template tags; reads the navigation and panels."""

    default = True  # Django picks this config, not the imported base class
    name = "merhav.ui"
    label = "ui"
    provides = Module(site_urls=(("", "merhav.ui.urls"),))
