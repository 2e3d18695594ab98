"""The strategic plan (seed 003, "a caring community"): a module of Merhav. Everything the foundation needs to
know about it is declared here (merhav.core.modules): its pages (and the public plan's), API router,
navigation entry, dashboard panel, calendar dates, demo loader and the reminders' periodic job."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from merhav.core.modules import Job, MerhavAppConfig, Module, NavEntry, PanelEntry


class StrategyConfig(MerhavAppConfig):
    default = True  # Django picks this config, not the imported base class
    name = "merhav.strategy"
    label = "strategy"
    verbose_name = _("Strategic plan")
    provides = Module(
        authority_urls=(("strategy/", "merhav.strategy.urls"),),
        site_urls=(("plans/", "merhav.strategy.public_urls"),),
        api_router="merhav.strategy.api.router",
        nav=(NavEntry("strategy", _("Strategic plan"), "strategy:index", "strategy.view", order=150),),
        panels=(
            PanelEntry("strategy", "strategy/panels/strategy.html", "strategy.view",
                       "merhav.strategy.panels.strategy_panel_context", order=150),
        ),
        calendar_providers=("merhav.strategy.calendar.strategy_calendar",),
        demo_loader="merhav.strategy.demo.load_strategy_demo",
        bench_data="merhav.strategy.bench.bench_data",
        audit_words="merhav.strategy.audit_labels.WORDS",
        periodic_jobs=(Job("merhav.strategy.tasks.send_strategy_reminders", every=timedelta(hours=1)),),
        accessibility_checks=(
            _("The pages of the strategic plan (the process and its meetings, committees and teams, the logic model, "
              "the work plans with the Gantt chart and the budget, the experimental pilot) and the public plan that "
              "residents read without logging in are checked with axe-core in Hebrew, Arabic and English; no "
              "violation is allowed."),
            _("The main process of the strategic plan is completed with the keyboard alone, in Hebrew and in Arabic: "
              "starting a plan (a form sent with a mistake first), opening the steering committee's meeting and "
              "recording it."),
        ),
        accessibility_gaps=(
            _("The Gantt chart and the logic model of the strategic plan are drawings; the tables beside them hold "
              "the same data, and the drawings themselves have not been checked with screen readers."),
        ),
    )
