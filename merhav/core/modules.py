"""How an app of Merhav registers itself: one declaration on its AppConfig, read by the foundation.

    class ThingsConfig(MerhavAppConfig):
        name = "merhav.things"
        label = "things"
        provides = Module(
            authority_urls=(("things/", "merhav.things.urls"),),
            api_router="merhav.things.api.router",
            nav=(NavEntry("things", _("Things"), "things:index", "things.view", order=300),),
            banners=(BannerEntry("things", "things/banner.html", "things.view",
                                 "merhav.things.banners.things_banner_context"),),
            panels=(PanelEntry("things", "things/panels/things.html", "things.view",
                               "merhav.things.panels.things_panel_context", order=300),),
            calendar_providers=("merhav.things.calendar.thing_dates",),
            demo_loader="merhav.things.demo.load_demo",
            bench_data="merhav.things.bench.generate",
            periodic_jobs=(Job("merhav.things.tasks.send_thing_reminders", every=timedelta(hours=1)),),
        )

The project's URLs, the API, the navigation, the dashboard, the calendar feed, the demo and the worker
read these declarations (the functions below); none of them names a module. Everything is named by
dotted path and imported when first used, so declaring a module imports nothing at start-up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string

from .tasks import register_periodic


@dataclass(frozen=True)
class NavEntry:
    """An entry of the authority's navigation, shown to those who have `permission` on the authority."""

    key: str
    label: Any  # a lazy translation
    url_name: str  # reversed with the authority's slug
    permission: str
    order: int = 100


@dataclass(frozen=True)
class PanelEntry:
    """A panel of the authority's dashboard; `context` is a dotted path to (request) -> dict, which must
    run a fixed number of queries whatever the authority's size."""

    key: str
    template: str
    permission: str
    context: str
    order: int = 100


@dataclass(frozen=True)
class BannerEntry:
    """A notice shown at the top of every page of the authority (e.g. an active emergency), to those who
    have `permission` on the authority. `context` is a dotted path to (request) -> dict | None: None (or
    an empty dict) shows nothing. It runs on every authority page, so it must cost at most one query."""

    key: str
    template: str
    permission: str
    context: str
    order: int = 100


@dataclass(frozen=True)
class Job:
    """A periodic job: the worker enqueues the task (a dotted path to a django-tasks task) every `every`."""

    task: str
    every: timedelta


@dataclass(frozen=True)
class Module:
    # (prefix, urls module) included under /a/<authority_slug>/ — the authority's pages.
    authority_urls: tuple[tuple[str, str], ...] = ()
    # (prefix, urls module) included at the site's root — pages that are not one authority's.
    site_urls: tuple[tuple[str, str], ...] = ()
    api_router: str | None = None
    nav: tuple[NavEntry, ...] = ()
    panels: tuple[PanelEntry, ...] = ()
    banners: tuple[BannerEntry, ...] = ()
    # Dotted paths to (user) -> iterable of notify.calendar.CalendarItem.
    calendar_providers: tuple[str, ...] = ()
    # A dotted path to (*, city, neighbour, stdout) -> None, run by `manage.py load_demo`; idempotent.
    demo_loader: str | None = None
    # A dotted path to (context: merhav.core.bench.BenchContext) -> dict[str, int], run by `manage.py
    # bench_data`: invented rows of the module at the context's scale, in bulk (no services per row), for
    # the city and the other authorities of the context; returns the number of rows per model.
    bench_data: str | None = None
    periodic_jobs: tuple[Job, ...] = ()
    # Sentences (lazy translations) for the accessibility statement: what the module's tests check on every
    # change (axe pages, 360 px, its keyboard-only flow), and its known gaps. A check added or a gap closed
    # changes its sentence in the same commit.
    accessibility_checks: tuple[Any, ...] = ()
    accessibility_gaps: tuple[Any, ...] = ()
    # For the audit log page, in the reader's language: a dotted path to
    # (refs: dict[object_type, set[object_id]], authority) -> dict[(object_type, object_id), (text, url)],
    # naming the module's objects (e.g. "Action: …" with a link); and a dotted path to a dict
    # {permission: lazy label} naming the permissions a refused action had asked for.
    audit_objects: str | None = None
    permission_labels: str | None = None
    # A dotted path to a dict {word: lazy label} naming, on the audit log, what the module records that is
    # neither a model nor a model's field: an exported part ("syllabus"), an object type that is not a model
    # ("resources.gapdocument"). A recorded "a.b" reads "a (b)", "a:n" reads "a: n".
    audit_words: str | None = None
    # A dotted path to a dict {message key: (params) -> (title, body)}: notifications stored by key and
    # parameters, rendered in the reader's language when read (merhav.notify.messages).
    notification_messages: str | None = None
    # Modules of the app imported when Django starts: its rules, signal receivers and tasks.
    startup: tuple[str, ...] = ("policy", "signals", "tasks")


class MerhavAppConfig(AppConfig):
    """The AppConfig of every Merhav app: imports the app's start-up modules that exist."""

    provides: Module = Module()

    def ready(self) -> None:
        for name in self.provides.startup:
            dotted = f"{self.name}.{name}"
            if find_spec(dotted) is not None:
                import_module(dotted)
        for job in self.provides.periodic_jobs:
            register_periodic(resolve(job.task), every=job.every)


def declared() -> Iterator[tuple[AppConfig, Module]]:
    """The Merhav apps in INSTALLED_APPS order, with their declarations."""
    for config in apps.get_app_configs():
        if isinstance(config, MerhavAppConfig):
            yield config, config.provides


@functools.cache
def resolve(dotted: str) -> Callable:
    return import_string(dotted)


def nav_entries() -> list[NavEntry]:
    return sorted((entry for _, m in declared() for entry in m.nav), key=lambda e: e.order)


def panel_entries() -> list[PanelEntry]:
    return sorted((panel for _, m in declared() for panel in m.panels), key=lambda p: p.order)


def banner_entries() -> list[BannerEntry]:
    return sorted((banner for _, m in declared() for banner in m.banners), key=lambda b: b.order)


def calendar_providers() -> list[Callable]:
    return [resolve(path) for _, m in declared() for path in m.calendar_providers]


def demo_loaders() -> list[Callable]:
    return [resolve(m.demo_loader) for _, m in declared() if m.demo_loader]


def bench_generators() -> list[tuple[str, Callable]]:
    """(app label, generator) of every module that declares scenario data, in INSTALLED_APPS order."""
    return [(config.label, resolve(m.bench_data)) for config, m in declared() if m.bench_data]


def audit_object_describers() -> list[Callable]:
    return [resolve(m.audit_objects) for _, m in declared() if m.audit_objects]


def permission_labels() -> dict[str, Any]:
    return _merged("permission_labels")


def audit_words() -> dict[str, Any]:
    return _merged("audit_words")


def _merged(declaration: str) -> dict[str, Any]:
    labels: dict[str, Any] = {}
    for _, m in declared():
        if path := getattr(m, declaration):
            labels.update(import_string(path))
    return labels


@functools.cache
def notification_messages() -> dict[str, Callable]:
    messages: dict[str, Callable] = {}
    for _, m in declared():
        if m.notification_messages:
            messages.update(import_string(m.notification_messages))
    return messages


def api_routers() -> list[str]:
    return [m.api_router for _, m in declared() if m.api_router]


def authority_urls() -> list[tuple[str, str]]:
    return [pair for _, m in declared() for pair in m.authority_urls]


def site_urls() -> list[tuple[str, str]]:
    return [pair for _, m in declared() for pair in m.site_urls]


def _in_nav_order() -> list[Module]:
    return [m for _, m in sorted(declared(), key=lambda pair: min((e.order for e in pair[1].nav), default=1000))]


def accessibility_checks() -> list[Any]:
    return [sentence for m in _in_nav_order() for sentence in m.accessibility_checks]


def accessibility_gaps() -> list[Any]:
    return [sentence for m in _in_nav_order() for sentence in m.accessibility_gaps]
