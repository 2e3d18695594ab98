"""Benchmark of the lessons-learned app: list pages, the auditor's dashboard, the API lists, similar-lesson
suggestions and the recurring-lessons report, on SQLite and PostgreSQL, at growing sizes.

    .venv/bin/python bench/lessons_bench.py                      # 1k, 10k, 100k action items; both databases
    .venv/bin/python bench/lessons_bench.py --sizes 100000 --backends postgres --runs 20

Each (database, size) runs in its own process on a fresh database (a temporary SQLite file; on PostgreSQL
the database named by BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/merhav_lapi_bench,
dropped and created). Requests go through Django's test Client in-process, with the whole middleware
stack and a session logged in with two-factor passed, as conftest.verified_login does. Page names are
discovered from the URL configuration (namespace "lessons"): a page that does not exist yet is listed
under "missing" in the JSON, not an error. Figures go to bench/results/lessons.json and a table is printed.

Sizes follow the issue's proportions: per 10 action items, 1 review and 5 lessons.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "lessons.json"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/merhav_lapi_bench"
TARGETS_MS = {"page_p95": 300, "dashboard_p95": 300, "api_p95": 300, "similar_p95": 100, "recurring": 2000}

# Query strings worth measuring on a page when the page exists (beyond the bare page): filters and a
# deep page, which is where COUNT(*) and OFFSET costs show.
PAGE_VARIANTS = {
    "lessons:index": ["?status=completed", "?kind=emergency&date_from=2025-01-01", "?page=100"],
    "lessons:event_list": ["?kind=emergency", "?page=100"],
    "lessons:my_actions": ["?status=all", "?overdue=on", "?status=done&page=10"],
    "lessons:department_actions": ["?status=all", "?overdue=on", "?department={department_id}&status=all"],
    "lessons:oversight": ["?kind=emergency", "?period=365", "?department={department_id}&period=90"],
    "lessons:recurring": ["?period=365", "?page=5"],
    "lessons:library": ["?q=%D7%94%D7%95%D7%93%D7%A2%D7%95%D7%AA"],
    "lessons:similar_lessons": ["?text=" + "לא היו הודעות נצורות מוכנות לפגיעה בתשתית חשמל".replace(" ", "+")],
}
# Who looks at a page (default: the CEO). The auditor's pages are measured as the auditor.
PERSONAS = {"lessons:my_actions": "department_head", "lessons:department_actions": "department_head"}
AUDITOR_PAGES = ("oversight", "recurring", "dashboard")
# The API list endpoints (under /api/v1/authorities/<slug>/lessons/).
API_LISTS = [
    "events", "events?kind=emergency", "events?offset=5000",
    "reviews", "reviews?status=completed",
    "lessons", "lessons?is_key=true",
    "actions", "actions?status=done", "actions?overdue=true", "actions?owner_id={staff_id}",
    "actions?department_id={department_id}", "actions?offset=50000",
]
# Where the similar-lesson and recurring-report functions may live (written by another helper).
SIMILAR_FUNCTIONS = ["merhav.lessons.selectors.similar:similar_lessons", "merhav.lessons.similarity:similar_lessons"]
RECURRING_FUNCTIONS = [
    "merhav.lessons.selectors.oversight:recurring_groups",
    "merhav.lessons.similarity:recurring_lessons",
    "merhav.lessons.selectors.oversight:recurring_lessons",
    "merhav.lessons.similarity:recurring_groups",
    "merhav.lessons.selectors.oversight:recurring_report",
]


# --- statistics -----------------------------------------------------------------------------------------

def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[index]


def summary(samples: list[tuple[float, float]]) -> dict:
    """Wall-clock and CPU figures of (wall ms, CPU ms) samples. The CPU time is this process's (Django,
    Python, SQLite) plus, on PostgreSQL, its server process's (read from /proc, in 10 ms ticks): it does
    not count the time spent waiting for the two cores that other processes share."""
    wall = [w for w, _c in samples]
    cpu = [c for _w, c in samples]
    return {
        "runs": len(samples),
        "p50_ms": round(statistics.median(wall), 1),
        "p95_ms": round(percentile(wall, 95), 1),
        "max_ms": round(max(wall), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(percentile(cpu, 95), 1),
    }


_SERVER_STAT: list[Path] = []  # /proc/<pid>/stat of the PostgreSQL server process of our connection


def _cpu_ms() -> float:
    ms = time.process_time() * 1000
    for stat in _SERVER_STAT:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        ms += (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")  # utime + stime
    return ms


def sample(fn) -> tuple[float, float]:
    """(wall ms, CPU ms) of one call of fn."""
    wall, cpu = time.perf_counter(), _cpu_ms()
    fn()
    return (time.perf_counter() - wall) * 1000, _cpu_ms() - cpu


def timed(fn, runs: int, budget_s: float, warmup: int = 2) -> list[tuple[float, float]]:
    """Run fn warmup times, then up to `runs` times or until the time budget is spent (at least 3)."""
    for _ in range(warmup):
        fn()
    samples: list[tuple[float, float]] = []
    started = time.perf_counter()
    while len(samples) < runs:
        samples.append(sample(fn))
        if len(samples) >= 3 and time.perf_counter() - started > budget_s:
            break
    return samples


def _callable(spec: str):
    import importlib

    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, attr, None)


# --- one (database, size) run, in a child process --------------------------------------------------------

def prepare_database(backend: str, workdir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    admin = psycopg.connect(
        host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432, user=config["USER"],
        password=config["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return url


def _kwargs_of(pattern) -> set[str]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return set(converters)
    regex = getattr(pattern, "regex", None)
    return set(regex.groupindex) if regex is not None else set()


def walk_urls(patterns=None, namespace: str = "", prefix: str = "", kwargs: frozenset = frozenset()):
    """Every named URL: (namespaced name, route, kwarg names including those of enclosing includes)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        names = kwargs | _kwargs_of(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from walk_urls(entry.url_patterns, ns, route, names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}".strip(":"), route, set(names)


def verified_login(client, user):
    """As conftest.verified_login: a session that has passed two-factor with a confirmed TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def sample_kwargs(data) -> dict:
    """One object of each kind to fill detail URLs: a review with many lessons and actions."""
    from django.db.models import Count
    from django_scopes import scope

    from merhav.lessons.models import ActionItem, FollowUp, Lesson, Review, SectionComment

    with scope(authority=data.authority):
        # An open (held) review with the most actions, so that its edit forms can be measured too.
        held = Review.objects.filter(status=Review.Status.HELD)
        review = held.annotate(n=Count("actions")).order_by("-n", "id").first()
        action = ActionItem.objects.filter(review=review).first()
        lesson = Lesson.objects.filter(review=review).first()
        comment = SectionComment.objects.order_by("id").first()
        follow_up = FollowUp.objects.order_by("id").first()
    return {
        "authority_slug": data.authority.slug,
        "event_id": review.event_id,
        "review_id": review.pk,
        "question": 1,
        "lesson_id": lesson.pk if lesson else None,
        "action_id": action.pk if action else None,
        "comment_id": comment.pk if comment else None,
        "follow_up_id": follow_up.pk if follow_up else None,
    }


def count_queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def measure_url(client, url: str, runs: int, budget: float) -> dict:
    t0 = time.perf_counter()
    response = client.get(url)
    first_ms = (time.perf_counter() - t0) * 1000
    result = {"url": url, "status": response.status_code, "content_type": response.get("Content-Type", ""),
              "first_ms": round(first_ms, 1)}
    if response.status_code != 200:
        result["note"] = f"HTTP {response.status_code}; not timed"
        return result
    result["queries"] = count_queries(lambda: client.get(url))
    result.update(summary(timed(lambda: client.get(url), runs, budget, warmup=1)))
    return result


def child(backend: str, actions: int, runs: int, budget: float, out: Path, sqlite_analyze: bool = False) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="merhav-bench-"))
    os.environ["DATABASE_URL"] = prepare_database(backend, workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scope
    from lessons_data import Sizes, generate

    settings.DEBUG = False
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "api": (10**9, 60)}
    call_command("migrate", verbosity=0)

    sizes = Sizes(actions=actions)
    data = generate(sizes, stdout=sys.stderr)
    # PostgreSQL: what autovacuum does within a minute of a bulk load. SQLite gathers statistics only when
    # told to, and nothing in the app does, so by default its planner works without them (as a deployment's
    # would); --sqlite-analyze measures it with them.
    analyze = connection.vendor == "postgresql" or sqlite_analyze
    t0 = time.perf_counter()
    if analyze:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    analyze_s = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _SERVER_STAT.append(Path(f"/proc/{cursor.fetchone()[0]}/stat"))
    # What the worker does after a load that bypasses the services (its periodic job): the similarity index
    # and the recurring-lessons table of the current data version, stored (where the code has a worker's
    # analysis; earlier code built its indexes per process on the first request).
    refresh = _callable("merhav.lessons.analysis:refresh")
    t0 = time.perf_counter()
    if refresh:
        refresh(data.authority.pk)
    analysis_s = time.perf_counter() - t0

    result: dict = {
        "backend": backend,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "database_version": _database_version(connection),
        "sizes": {"actions": sizes.actions, "reviews": sizes.reviews, "lessons": sizes.lessons,
                  "events": sizes.events},
        "rows": data.counts,
        "generate_s": round(data.seconds, 1),
        "analyzed": analyze,
        "analyze_s": round(analyze_s, 1),
        "analysis_build_s": round(analysis_s, 1),
        "pages": [],
        "api": [],
        "missing": [],
    }
    kwargs = sample_kwargs(data)
    clients = {
        "ceo": verified_login(Client(), data.ceo),
        "auditor": verified_login(Client(), data.auditor),
        "department_head": verified_login(Client(), data.department_head),
    }
    ceo = clients["ceo"]
    from merhav.tenancy.models import Department

    with scope(authority=data.authority):
        department_id = Department.objects.filter(authority=data.authority).order_by("id").first().pk

    # Pages of the lessons app, discovered by name.
    for name, _route, names in sorted(walk_urls()):
        if not name.startswith("lessons:"):
            continue
        unknown = [k for k in names if kwargs.get(k) is None]
        if unknown:
            result["missing"].append({"name": name, "reason": f"no sample value for {unknown}"})
            continue
        url = reverse(name, kwargs={k: kwargs[k] for k in names})
        kind = "list" if names <= {"authority_slug"} else "detail"
        persona = PERSONAS.get(name) or ("auditor" if any(word in name for word in AUDITOR_PAGES) else "ceo")
        client = clients[persona]
        for variant in [""] + [v.format(department_id=department_id) for v in PAGE_VARIANTS.get(name, [])]:
            entry = {"name": name, "kind": kind, "persona": persona, "variant": variant}
            entry.update(measure_url(client, url + variant, runs, budget))
            result["pages"].append(entry)
            print(f"  {backend} {actions} {name}{variant}: {entry.get('p95_ms', entry.get('note'))}",
                  file=sys.stderr)
    for expected in ("lessons:oversight",):
        if not any(p["name"] == expected for p in result["pages"]):
            result["missing"].append({"name": expected, "reason": "URL name not found (page not written yet)"})

    # The API list endpoints.
    for path in API_LISTS:
        url = f"/api/v1/authorities/{data.authority.slug}/lessons/" + path.format(
            staff_id=data.staff.pk, department_id=department_id
        )
        entry = {"name": path.split("?")[0], "variant": path}
        entry.update(measure_url(ceo, url, runs, budget))
        result["api"].append(entry)
        print(f"  {backend} {actions} api {path}: {entry.get('p95_ms', entry.get('note'))}", file=sys.stderr)

    result["dashboard_after_write"] = measure_dashboard_after_writes(data, clients["auditor"], runs)
    result["similar"] = measure_similar(data, runs)
    result["recurring"] = measure_recurring(data)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    connection.close()
    if backend == "sqlite" and not os.environ.get("BENCH_KEEP_DB"):
        shutil.rmtree(workdir, ignore_errors=True)


def _database_version(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        return str(cursor.fetchone()[0]).split(" on ")[0]


def _suggestion_texts() -> list[str]:
    from lessons_data import PLACES, THEMES

    texts = []
    for n, theme in enumerate(THEMES * 3):
        variant = theme[1][n % len(theme[1])]
        texts.append(f"{variant} ב{PLACES[n % len(PLACES)]}" if n % 2 else variant)
    texts.append("ההסעות לבית הספר לא תואמו עם ההורים")  # something new
    texts.append("لم تكن هناك رسائل معدة مسبقًا لانقطاع الكهرباء")  # Arabic
    return texts


def measure_similar(data, runs: int) -> dict:
    fn = next((f for f in map(_callable, SIMILAR_FUNCTIONS) if f), None)
    if fn is None:
        return {"note": "lessons.similarity.similar_lessons not written yet"}
    from django_scopes import scope

    texts = _suggestion_texts()
    forget_index = _callable("merhav.lessons.similarity:forget")
    if forget_index:
        forget_index(data.authority)
    with scope(authority=data.authority):
        t0 = time.perf_counter()
        first = fn(data.authority, texts[0], limit=5)
        cold_ms = (time.perf_counter() - t0) * 1000
        samples = [sample(lambda n=n: fn(data.authority, texts[n % len(texts)], limit=5))
                   for n in range(max(runs, len(texts)))]
    return {"function": f"{fn.__module__}.{fn.__name__}", "first_call_ms": round(cold_ms, 1),
            "first_call_note": "builds the per-process index" if forget_index else "reads the stored index",
            "first_call_results": len(first), **summary(samples)}


def _ok(response) -> None:
    assert response.status_code == 200, response.status_code


def measure_dashboard_after_writes(data, client, runs: int) -> dict:
    """The auditor's dashboard right after a write that changes its figures (kept results cannot be used):
    an action moved to "in progress" (the figures are recomputed, the recurring lessons are not), and an
    action answering a lesson marked done (both are). Writes go through the action service."""
    from django.urls import reverse
    from django_scopes import scope

    from merhav.lessons.models import ActionItem
    from merhav.lessons.services.actions import set_action_status

    url = reverse("lessons:oversight", kwargs={"authority_slug": data.authority.slug})
    client.get(url)
    n = max(5, min(runs, 20))
    with scope(authority=data.authority):
        todo = list(ActionItem.objects.filter(status=ActionItem.Status.OPEN, lesson__isnull=False).order_by("id")[:2 * n])
    out = {}
    for name, status, chunk in (("in_progress", ActionItem.Status.IN_PROGRESS, todo[:n]),
                                ("done", ActionItem.Status.DONE, todo[n:])):
        samples = []
        for action in chunk:
            set_action_status(action=action, status=status, by=data.ceo, version=action.version, evidence="bench")
            samples.append(sample(lambda: _ok(client.get(url))))
        out[name] = summary(samples)
    return out


def measure_recurring(data) -> dict:
    """The worker's computation of the similarity index and the recurring-lessons table (analysis.build),
    and the report as the pages get it from the stored table ("stored")."""
    from django_scopes import scope

    found = [(spec, f) for spec, f in ((s, _callable(s)) for s in RECURRING_FUNCTIONS) if f]
    if not found:
        return {"note": "recurring-lessons report function not found (looked for: "
                        + ", ".join(RECURRING_FUNCTIONS) + ")"}
    spec, fn = found[0]
    build = _callable("merhav.lessons.analysis:build")
    forget_memo = _callable("merhav.lessons.selectors.oversight:forget_memo")
    forget_index = _callable("merhav.lessons.similarity:forget")

    def from_scratch():
        if build:  # the worker's build
            build(data.authority.pk)
        else:  # earlier code: the per-process memo and index dropped
            forget_memo()
            forget_index(data.authority)
            fn(data.authority)

    with scope(authority=data.authority):
        cold = [sample(from_scratch) for _ in range(3)]
        warm = [sample(lambda: fn(data.authority)) for _ in range(10)]
        report = list(fn(data.authority))
    flagged = sum(1 for group in report if getattr(group, "did_not_work", False))
    return {"function": spec, "groups": len(report), "groups_flagged_did_not_work": flagged,
            **summary(cold), "stored" if build else "memoized": summary(warm)}


# --- the parent: run every (database, size), collect, write, print ---------------------------------------

def table(results: list[dict]) -> str:
    sizes = sorted({r["sizes"]["actions"] for r in results})
    backends = [b for b in ("sqlite", "postgres") if any(r["backend"] == b for r in results)]
    columns = [(b, s) for b in backends for s in sizes]
    by = {(r["backend"], r["sizes"]["actions"]): r for r in results}

    def cell(run, key, getter):
        if run is None:
            return "-"
        value = getter(run, key)
        return value if value is not None else "-"

    def page_value(run, key):
        for entry in run["pages"] + run["api"]:
            if (entry["name"], entry.get("variant", "")) == key or (
                    entry.get("variant") == key[1] and entry["name"] == key[0]):
                if "p95_ms" not in entry:
                    return entry.get("note", "?")
                cell = f"{entry['p95_ms']:.0f} ({entry.get('cpu_p95_ms', 0):.0f})/{entry['queries']}q"
                if any(word in entry["name"] for word in AUDITOR_PAGES):
                    cell += f" (1st {entry['first_ms']:.0f})"
                return cell
        return None

    rows = []
    keys = []
    for run in results:
        for entry in run["pages"]:
            key = (entry["name"], entry["variant"])
            if entry["status"] == 405:
                continue  # POST-only addresses: listed in the JSON, not timed
            if key not in keys:
                keys.append(key)
        for entry in run["api"]:
            key = (entry["name"], entry["variant"])
            if key not in keys:
                keys.append(key)
    header = ["p95 ms (CPU p95 ms) / queries per request"] + [f"{b} {s // 1000}k" for b, s in columns]
    for key in keys:
        label = (key[0] + key[1]) if key[0].startswith("lessons:") else "api " + key[1]
        rows.append([label] + [str(cell(by.get(c), key, page_value)) for c in columns])
    for name in ("in_progress", "done"):
        rows.append([f"dashboard after a write ({name}) p95 (CPU p95)"] + [
            "{p95_ms} ({cpu_p95_ms})".format(**by[c]["dashboard_after_write"][name]) if c in by else "-"
            for c in columns])
    rows.append(["similar lessons p95 (CPU p95)"] + [
        f"{by[c]['similar'].get('p95_ms', '-')} ({by[c]['similar'].get('cpu_p95_ms', '-')})" if c in by else "-"
        for c in columns])
    rows.append(["similar lessons 1st call"] + [
        f"{by[c]['similar'].get('first_call_ms', '-')}" if c in by else "-" for c in columns])
    rows.append(["recurring from scratch: worker's build / memo dropped (p50)"] + [
        f"{by[c]['recurring'].get('p50_ms', '-')}" if c in by else "-" for c in columns])
    rows.append(["recurring report as pages get it: stored table / memo (p50)"] + [
        f"{(by[c]['recurring'].get('stored') or by[c]['recurring'].get('memoized', {})).get('p50_ms', '-')}"
        if c in by else "-" for c in columns])
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    lines = [" | ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)) for row in [header] + rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="action items per run, comma-separated")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (after a warm-up)")
    parser.add_argument("--budget", type=float, default=15.0, help="seconds at most per page")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--sqlite-analyze", action="store_true", help="run ANALYZE on SQLite after loading")
    parser.add_argument("--child", nargs=2, metavar=("BACKEND", "ACTIONS"), help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        child(args.child[0], int(args.child[1]), args.runs, args.budget, args.child_out, args.sqlite_analyze)
        return

    results = []
    for backend in args.backends.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
                part = Path(handle.name)
            print(f"== {backend}, {size} action items", file=sys.stderr)
            subprocess.run(
                [sys.executable, __file__, "--child", backend, str(size), "--runs", str(args.runs),
                 "--budget", str(args.budget), "--child-out", str(part)]
                + (["--sqlite-analyze"] if args.sqlite_analyze else []),
                check=True, cwd=ROOT,
            )
            results.append(json.loads(part.read_text()))
            part.unlink()

    import django

    document = {
        "benchmark": "lessons",
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
                    "platform": platform.platform()},
        "method": "Django test Client in-process (whole middleware stack), session with 2FA passed; p50/p95 over "
                  "up to --runs requests after a warm-up (first_ms: the first request of a fresh process); "
                  "queries counted on one request; a fresh database per run; PostgreSQL VACUUM ANALYZEd after the "
                  "load, SQLite not analyzed unless --sqlite-analyze; then the worker's refresh of the lessons "
                  "analysis is run once (no worker runs during the measurements: after a write, pages read the "
                  "stored results of the previous version). Other processes share the 2 cores: see each "
                  "run's load averages.",
        "targets_ms": TARGETS_MS,
        "runs": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    print(table(results))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
