from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The plumbing every app may use; it imports no app of Merhav."""

    name = "merhav.core"
    label = "core"
