from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "merhav.lessons"
    label = "lessons"
    verbose_name = _("Lessons learned")

    def ready(self) -> None:
        # policy: the rules; calendar, demo, panels, tasks register the feed provider, demo data, panel, jobs.
        from . import calendar, demo, panels, policy, tasks  # noqa: F401
