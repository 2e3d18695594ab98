from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from merhav.core.modules import Job, MerhavAppConfig, Module, NavEntry, PanelEntry


class LessonsConfig(MerhavAppConfig):
    default = True  # Django picks this config, not the imported base class
    name = "merhav.lessons"
    label = "lessons"
    verbose_name = _("Lessons learned")
    provides = Module(
        authority_urls=(("lessons/", "merhav.lessons.urls"),),
        api_router="merhav.lessons.api.router",
        nav=(NavEntry("lessons", _("Lessons learned"), "lessons:index", "lessons.view", order=100),),
        panels=(
            PanelEntry("lessons", "lessons/panels/actions.html", "lessons.view",
                       "merhav.lessons.panels.lessons_panel_context", order=100),
        ),
        calendar_providers=("merhav.lessons.calendar.lessons_calendar",),
        demo_loader="merhav.lessons.demo.load_lessons_demo",
        bench_data="merhav.lessons.bench.bench_data",
        audit_words="merhav.lessons.audit_labels.WORDS",
        audit_objects="merhav.lessons.audit_labels.describe",
        permission_labels="merhav.lessons.audit_labels.PERMISSIONS",
        notification_messages="merhav.lessons.messages.MESSAGES",
        periodic_jobs=(
            Job("merhav.lessons.tasks.send_action_reminders", every=timedelta(hours=1)),
            Job("merhav.lessons.tasks.send_follow_up_reminders", every=timedelta(hours=1)),
            Job("merhav.lessons.tasks.refresh_missing_lessons_analyses", every=timedelta(minutes=15)),
        ),
    )
