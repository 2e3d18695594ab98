"""The scale benchmark: generate the scenario data at each scale on each database, and measure every main page
and API list of the modules.

    .venv/bin/python bench/run_all.py                                    # small,city,large on sqlite,postgres
    .venv/bin/python bench/run_all.py --scales small,city --databases sqlite --runs 20
    .venv/bin/python bench/run_all.py --table                            # only rewrite bench/results/scale.md

Each (database, scale) runs in its own process on a fresh database: a SQLite file in a temporary folder, or on
PostgreSQL the database named by BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/merhav_bench)
with "_<scale>" appended, dropped and created (`--reuse` keeps one that already has the scenario data).
`manage.py bench_data --scale <scale>` fills it (timed). The pages: every URL of each module's own URL
modules (its `authority_urls` and `site_urls`) that needs no argument but the authority, except the exports
and the forms' POST-only addresses; the API lists: every GET of /api/v1/openapi.json whose only path
parameter is the authority. Each goes through Django's test Client in-process (the whole middleware stack,
DEBUG off), logged in with two-factor passed, as the first of the city's personas (CEO, intake coordinator,
partnerships manager, department head, authority admin, staff) that gets a 200. Measured per address: p50,
p95 and p99 wall ms, the median CPU ms of this process (the web side; on a shared machine the figure that
survives the noise; PostgreSQL's own CPU is not in it), queries per request, the share of the time spent in the database (timed around every
query with `connection.execute_wrapper`) and the response's size. Figures go to
bench/results/scale-<database>-<scale>.json and a table to bench/results/scale.md, which flags an address
whose time grows faster than its response from the smallest to the largest scale measured.
The machine is shared: the load average is stored beside the figures.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/merhav_bench"
SCALE_ORDER = ["tiny", "small", "city", "large"]
PERSONAS = ["ceo", "intake_coordinator", "partnerships_manager", "department_head", "authority_admin", "staff"]
SKIP_NAME = ("xlsx", "docx", "csv", "export", "download", "ics", "pdf", "feed", "print")
# Per address: at most this many seconds of measuring (at least 3 runs).
BUDGET_S = 20.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- one database at one scale, in its own process -----------------------------------------------------


def database_url(database: str, scale: str, workdir: Path, reuse: bool) -> str:
    if database == "sqlite":
        return f"sqlite:///{workdir / f'scale-{scale}.sqlite3'}"
    import psycopg

    parts = urlsplit(os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    name = f"{parts.path.lstrip('/')}_{scale}"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (reuse and exists):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def login(client, user):
    """As conftest.verified_login: a session that has passed two-factor with a confirmed TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


class ExistingRows:
    """Stands for the isolation crawler's World (tests/url_fillers.py): `obj(label)` is an existing row of
    the city (the first by id), never a new one."""

    def __init__(self, city, user):
        self.a, self.a_user = city, user

    def obj(self, label: str):
        from django.apps import apps

        model = apps.get_model(label)
        rows = model._base_manager.order_by("pk")
        if any(f.name == "authority" for f in model._meta.get_fields()):
            rows = rows.filter(authority=self.a)
        row = rows.first()
        if row is None:
            raise LookupError(label)
        return row


def module_pages(city, user) -> dict[str, str]:
    """label -> path: every named URL of the modules' own URL modules; those that name objects are filled
    with rows of the city through the fillers of tests/url_fillers.py that only read (pk_of, attr_of,
    constant)."""
    from importlib import import_module

    from django.urls import NoReverseMatch, URLPattern, URLResolver, reverse

    from merhav.core.modules import declared
    from tests.url_fillers import FILLERS

    world = ExistingRows(city, user)

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace, pattern

    pages: dict[str, str] = {}
    for config, module in declared():
        if not module.bench_data:
            continue
        for kind, pairs in (("authority", module.authority_urls), ("site", module.site_urls)):
            for _prefix, dotted in pairs:
                urls = import_module(dotted)
                namespace = getattr(urls, "app_name", None)
                for ns, pattern in walk(urls.urlpatterns, namespace):
                    name = f"{ns}:{pattern.name}" if ns else pattern.name
                    if any(word in pattern.name for word in SKIP_NAME):
                        continue
                    kwargs = {"authority_slug": city.slug} if kind == "authority" else {}
                    try:
                        for kwarg in sorted(set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)):
                            filler = FILLERS[kwarg]
                            if not filler.__name__.startswith(("pk_of(", "attr_of(", "constant(")):
                                raise LookupError(kwarg)
                            kwargs[kwarg] = filler(world)
                        pages[f"{config.label}: {name}"] = reverse(name, kwargs=kwargs)
                    except (LookupError, NoReverseMatch):
                        continue
    return pages


def api_lists(client, slug: str) -> dict[str, str]:
    """label -> path: every GET of the API whose only path parameter is the authority."""
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    lists = {}
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        params = {p["name"] for p in get.get("parameters", []) if p.get("in") == "path"}
        if params != {"authority_slug"}:
            continue
        query = {p["name"] for p in get.get("parameters", []) if p.get("in") == "query"}
        url = path.replace("{authority_slug}", slug) + ("?limit=50" if "limit" in query else "")
        lists[f"api: GET {path.removeprefix('/api/v1')}"] = url
    return lists


def measure(client, url: str, runs: int) -> dict:
    from django.db import connection

    state = {"queries": 0, "db": 0.0}

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            state["queries"] += 1
            state["db"] += time.perf_counter() - started

    client.get(url)  # warm-up
    walls, cpus, dbs, queries, size = [], [], [], [], 0
    began = time.perf_counter()
    with connection.execute_wrapper(timer):
        for n in range(runs):
            state.update(queries=0, db=0.0)
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall = time.perf_counter() - started
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append(wall * 1000)
            dbs.append(state["db"] * 1000)
            queries.append(state["queries"])
            size = len(response.content)
            if n >= 2 and time.perf_counter() - began > BUDGET_S:
                break
    return {"runs": len(walls), "p50_ms": round(percentile(walls, 50), 1), "p95_ms": round(percentile(walls, 95), 1),
            "p99_ms": round(percentile(walls, 99), 1), "cpu_p50_ms": round(percentile(cpus, 50), 1), "queries": max(queries),
            "db_share": round(sum(dbs) / sum(walls), 2) if sum(walls) else 0.0, "bytes": size}


def child(database: str, scale: str, runs: int, reuse: bool, out: Path, main_only: bool = False) -> None:
    workdir = Path(os.environ.get("BENCH_SQLITE_DIR") or tempfile.mkdtemp(prefix="merhav-scale-"))
    url = database_url(database, scale, workdir, reuse)
    if database == "sqlite" and not reuse:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django_scopes import scopes_disabled

    from merhav.tenancy.models import Authority, Membership
    from merhav.workspace.bench import city_slug

    setup_test_environment()  # the test Client's hooks; keeps DEBUG off
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the personas' 403s while choosing one
    logging.getLogger("django.security").setLevel(logging.ERROR)
    settings.DEBUG = False
    settings.MERHAV_RATE_LIMITS = {key: (10**9, 60) for key in settings.MERHAV_RATE_LIMITS}
    call_command("migrate", verbosity=0)
    result: dict = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "database": database, "scale": scale,
                    "vendor": connection.vendor, "python": platform.python_version(), "cpus": os.cpu_count()}
    with scopes_disabled():
        have = Authority.objects.filter(slug=city_slug()).exists()
    log = StringIO()
    if have and reuse:
        result["generate_s"] = None
        result["reused"] = True
    else:
        started = time.perf_counter()
        call_command("bench_data", scale=scale, stdout=log)
        result["generate_s"] = round(time.perf_counter() - started, 1)
        result["generate_log"] = log.getvalue().splitlines()
    print(f"[{database}/{scale}] data ready ({result['generate_s']} s)", file=sys.stderr, flush=True)
    result["worker_s"] = worker_analyses()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    with scopes_disabled():
        city = Authority.objects.get(slug=city_slug())
        members = {}
        for membership in Membership.objects.filter(authority=city).select_related("user").order_by("pk"):
            members.setdefault(membership.role, membership.user)
        clients = [(role, login(Client(HTTP_ACCEPT_LANGUAGE="he"), members[role])) for role in PERSONAS]
        result["counts"] = row_counts()
        addresses = module_pages(city, members["ceo"])
    addresses.update(api_lists(clients[0][1], city.slug))
    if main_only:
        addresses = {label: url for label, url in addresses.items() if is_main(label)}
    result["main_only"] = main_only
    result["load_average_before"] = [round(v, 2) for v in os.getloadavg()]
    pages = {}
    for label, url in sorted(addresses.items()):
        chosen = None
        for role, client in clients:
            if client.get(url).status_code == 200:
                chosen = (role, client)
                break
        if chosen is None:
            pages[label] = {"url": url, "status": client.get(url).status_code}
            continue
        pages[label] = {"url": url, "persona": chosen[0], **measure(chosen[1], url, runs)}
        print(f"[{database}/{scale}] {label}: {pages[label]['p50_ms']} ms, {pages[label]['queries']} queries",
              file=sys.stderr, flush=True)
    result["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    result["pages"] = pages
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")


def worker_analyses() -> float | None:
    """What the worker does after data arrives without the services (its periodic job
    refresh_missing_lessons_analyses): the lessons' similarity index and recurring-lessons table of every
    authority, stored. Without it the lessons' oversight pages compute them on every request, which is not
    how a city runs. Returns the seconds it took."""
    from django.apps import apps

    if not apps.is_installed("merhav.lessons"):
        return None
    from merhav.lessons.analysis import refresh
    from merhav.tenancy.models import Authority

    started = time.perf_counter()
    for authority_id in Authority.objects.values_list("pk", flat=True):
        refresh(authority_id)
    return round(time.perf_counter() - started, 1)


def row_counts() -> dict[str, int]:
    from django.apps import apps

    counts = {}
    for model in apps.get_models():
        if model.__module__.startswith("merhav.") and model._meta.managed:
            number = model._base_manager.count()
            if number:
                counts[model._meta.label] = number
    return counts


# --- the table --------------------------------------------------------------------------------------------


def table() -> str:
    """bench/results/scale.md from every scale-*.json there."""
    found: dict[str, dict[str, dict]] = {}
    for path in sorted(RESULTS.glob("scale-*-*.json")):
        data = json.loads(path.read_text())
        found.setdefault(data["database"], {})[data["scale"]] = data
    lines = ["# Scale benchmark", "",
             "Written by `bench/run_all.py`. Wall ms through the whole middleware stack (in-process test client), "
             "p50 at each scale, p95/p99 and the database's share of the time at the largest scale measured, "
             "the web process's CPU ms (median) and the queries per request at the smallest → largest. ⚠ marks an address whose p50 grows more than twice "
             "as fast as its response's size from the smallest to the largest scale (and is over 50 ms), or "
             "whose number of queries grows.", ""]
    for database, scales in found.items():
        order = [s for s in SCALE_ORDER if s in scales]
        first, last = order[0], order[-1]
        lines.append(f"## {database}")
        lines.append("")
        lines.append("Generation: " + ", ".join(
            f"{s} {scales[s]['generate_s']} s" if scales[s].get("generate_s") is not None else f"{s} (reused)"
            for s in order) + ". The worker's lessons analysis after it: " + ", ".join(
            f"{s} {scales[s].get('worker_s')} s" for s in order) + ". Load average (1 min) before measuring: " + ", ".join(
            f"{s} {scales[s]['load_average_before'][0]}" for s in order) + ".")
        lines.append("")
        lines.append("| address | " + " | ".join(f"p50 {s}" for s in order) +
                     f" | p95 {last} | p99 {last} | CPU p50 | DB share {last} | queries | flag |")
        lines.append("|---|" + "---:|" * len(order) + "---:|---:|---:|---:|---:|---|")
        labels = sorted({label for s in order for label in scales[s]["pages"]})
        refused = [label for label in labels if all("p50_ms" not in scales[s]["pages"].get(label, {}) for s in order)]
        for label in labels:
            if label in refused:
                continue
            cells = []
            for s in order:
                page = scales[s]["pages"].get(label, {})
                cells.append(str(page["p50_ms"]) if "p50_ms" in page else str(page.get("status", "–")))
            a, b = scales[first]["pages"].get(label, {}), scales[last]["pages"].get(label, {})
            flag = ""
            if "p50_ms" in a and "p50_ms" in b and first != last:
                time_growth = b["p50_ms"] / max(a["p50_ms"], 0.1)
                size_growth = b["bytes"] / max(a["bytes"], 1)
                if time_growth > 2 * max(1.0, size_growth) and b["p50_ms"] > 50:
                    flag = f"⚠ time ×{time_growth:.1f}, size ×{size_growth:.1f}"
                if b["queries"] > a["queries"]:
                    flag = (flag + " " if flag else "⚠ ") + f"queries {a['queries']}→{b['queries']}"
            queries = f"{a.get('queries', '–')} → {b.get('queries', '–')}"
            cpu = f"{a.get('cpu_p50_ms', '–')} → {b.get('cpu_p50_ms', '–')}"
            lines.append(f"| {label} | " + " | ".join(cells) +
                         f" | {b.get('p95_ms', '–')} | {b.get('p99_ms', '–')} | {cpu} | {b.get('db_share', '–')} | {queries} "
                         f"| {flag} |")
        lines.append("")
        if refused:
            lines.append("Not measured (no persona gets a 200 on GET: a POST-only address, or an edit refused on the "
                         "row chosen, e.g. a completed review): " + ", ".join(f"`{label}`" for label in refused) + ".")
            lines.append("")
    return "\n".join(lines) + "\n"


def is_main(label: str) -> bool:
    """A module's main page (its index), a list page, or an API list: the short table's rows."""
    name = label.split(":")[-1]
    return label.startswith("api: ") or name in ("index", "worklist", "oversight", "recurring", "library") or \
        name.endswith("_list") or name.endswith("s") and "_" not in name


def short_table() -> str:
    """The main pages and API lists: p50 wall ms at each scale on each database, queries, flags."""
    found: dict[str, dict[str, dict]] = {}
    for path in sorted(RESULTS.glob("scale-*-*.json")):
        data = json.loads(path.read_text())
        found.setdefault(data["database"], {})[data["scale"]] = data
    columns = [(db, s) for db in ("postgres", "sqlite") for s in SCALE_ORDER if s in found.get(db, {})]
    if not columns:
        return ""
    labels = sorted({label for db, s in columns for label, page in found[db][s]["pages"].items()
                     if is_main(label) and "p50_ms" in page})
    head = "| page or API list | " + " | ".join(f"{db} {s}" for db, s in columns) + " | queries |"
    lines = [head, "|---|" + "---:|" * len(columns) + "---:|"]
    for label in labels:
        cells, queries = [], set()
        for db, s in columns:
            page = found[db][s]["pages"].get(label, {})
            cells.append(str(page.get("p50_ms", "–")))
            if "queries" in page:
                queries.add(page["queries"])
        q = "–" if not queries else str(min(queries)) if len(queries) == 1 else f"{min(queries)}–{max(queries)}"
        lines.append(f"| {label.replace('api: GET /authorities/{authority_slug}', 'API')} | " + " | ".join(cells)
                     + f" | {q} |")
    generation = "; ".join(f"{db} {s} {found[db][s].get('generate_s')} s" for db, s in columns)
    return ("p50 wall ms per request (in-process, the whole middleware stack), on this shared 2-core machine.\n"
            f"Generation (`manage.py bench_data`): {generation}.\n\n" + "\n".join(lines) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="small,city,large")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=20, help="requests per address (fewer when one is slow)")
    parser.add_argument("--reuse", action="store_true", help="keep a database that already has the scenario data")
    parser.add_argument("--main-only", action="store_true",
                        help="only the modules' index and list pages and the API lists (a shorter run)")
    parser.add_argument("--table", action="store_true", help="only rewrite bench/results/scale.md")
    parser.add_argument("--child", nargs=2, metavar=("DATABASE", "SCALE"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], args.runs, args.reuse, Path(args.out), args.main_only)
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    failed = 0
    if not args.table:
        for database in args.databases.split(","):
            for scale in args.scales.split(","):
                out = RESULTS / f"scale-{database}-{scale}.json"
                command = [sys.executable, __file__, "--child", database, scale, "--runs", str(args.runs),
                           "--out", str(out)] + (["--reuse"] if args.reuse else []) + \
                    (["--main-only"] if args.main_only else [])
                print(f"== {database} / {scale}", flush=True)
                if subprocess.run(command, cwd=ROOT).returncode:
                    failed += 1
    (RESULTS / "scale.md").write_text(table() + "\n## Main pages and API lists\n\n" + short_table())
    print((RESULTS / "scale.md").read_text())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
