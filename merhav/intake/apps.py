"""Evacuee intake: a module of Merhav. Everything the foundation needs to know about it is declared here
(merhav.core.modules): its pages, API router, navigation entry, dashboard panel, demo loader and periodic
jobs."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from merhav.core.modules import Job, MerhavAppConfig, Module, NavEntry, PanelEntry


class IntakeConfig(MerhavAppConfig):
    default = True  # Django picks this config, not the imported base class
    name = "merhav.intake"
    label = "intake"
    verbose_name = _("Evacuee intake")
    provides = Module(
        authority_urls=(("intake/", "merhav.intake.urls"),),
        api_router="merhav.intake.api.router",
        nav=(NavEntry("intake", _("Evacuee intake"), "intake:index", "intake.view_summary", order=130),),
        panels=(
            PanelEntry("intake", "intake/panels/intake.html", "intake.view_summary",
                       "merhav.intake.panels.intake_panel_context", order=130),
        ),
        calendar_providers=("merhav.intake.calendar.intake_calendar",),
        demo_loader="merhav.intake.demo.load_intake_demo",
        bench_data="merhav.intake.bench.bench_data",
        audit_words="merhav.intake.audit_labels.WORDS",
        accessibility_checks=(
            _("The pages of evacuee intake (households, a person's record and each department's section, search, "
              "long-term services, likely duplicates, the questionnaire, importing a list and retention) are checked "
              "with axe-core in Hebrew, Arabic and English, and to fit a 360-pixel phone."),
            _("Taking an evacuee family in and filling in a department's section is completed with the keyboard "
              "alone, in Hebrew and in Arabic, with the focus ring visible at every stop."),
        ),
        accessibility_gaps=(
            _("The progress of an evacuee-list import is not announced as it changes: the page shows it when it is "
              "refreshed."),
        ),
        periodic_jobs=(
            Job("merhav.intake.tasks.send_stalled_service_reminders", every=timedelta(hours=6)),
            Job("merhav.intake.tasks.purge_intake_imports", every=timedelta(hours=1)),
            Job("merhav.intake.tasks.erase_expired_personal_data", every=timedelta(days=1)),
        ),
    )
