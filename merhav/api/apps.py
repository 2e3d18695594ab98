from merhav.core.modules import MerhavAppConfig


class ApiConfig(MerhavAppConfig):
    """The API object: mounts the router each app declares."""

    default = True  # Django picks this config, not the imported base class
    name = "merhav.api"
    label = "api"
