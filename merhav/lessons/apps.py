from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "merhav.lessons"
    label = "lessons"
    verbose_name = _("Lessons learned")

    def ready(self) -> None:
        from . import policy  # noqa: F401
