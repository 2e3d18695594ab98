"""Benchmark of the strategic plan at the issue's scale: a plan with 4 channels, 400 actions (each with budget
lines by year, chained dependencies inside a channel) and 60 indicators with 5 years of quarterly
measurements; plus 40 plans in the authority's list, 60 committee members and 50 pilot initiatives.

    .venv/bin/python bench/strategy_bench.py                    # SQLite (a temporary file)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/merhav_strategy_bench \\
        .venv/bin/python bench/strategy_bench.py --backend postgres

Requests go through Django's test Client in-process, with the whole middleware stack and a session that
passed two-factor. For every page: wall and CPU milliseconds per request (median, p95) and the number of
queries. The issue's targets: the Gantt (work-plan page) and the public page under 500 ms, the .docx export
under 3 s; the house's: list pages at most 15 ms CPU per request. Figures go to bench/results/strategy.json.
The machine is shared: CPU ms per request is the figure that survives the noise; the load average is written
beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "strategy.json"
ACTIONS, INDICATORS, YEARS, PLANS, MEMBERS, INITIATIVES = 400, 60, 5, 40, 60, 50
TARGETS_MS = {"gantt": 500, "public": 500, "docx": 3000, "list_cpu": 15}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(p / 100 * len(ordered) + 0.5) - 1)]


def timed(fn, runs: int) -> dict:
    for _ in range(2):
        fn()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return {"runs": runs, "wall_ms_median": round(statistics.median(walls), 1),
            "wall_ms_p95": round(percentile(walls, 95), 1), "cpu_ms_median": round(statistics.median(cpus), 1),
            "cpu_ms_p95": round(percentile(cpus, 95), 1)}


def fresh_postgres(url: str) -> str:
    """The database named by the URL, dropped and created again."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    admin = psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432, user=config["USER"],
                            password=config["PASSWORD"] or None, dbname="postgres", autocommit=True)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    return url


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="strategy-bench-"))
    if args.backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = fresh_postgres(os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/merhav_strategy_bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from merhav.accounts.models import User
    from merhav.tenancy.models import Authority, Membership
    from merhav.tenancy.roles import Role

    city = Authority.objects.create(slug="bench-city", name_he="עיר הבנצ'מרק", name_en="Bench City",
                                    name_ar="مدينة القياس")
    ceo = User.objects.create_user(email="ceo@bench.example", password="bench-password-2026", full_name="מנכ\"ל")
    Membership.objects.create(user=ceo, authority=city, role=Role.CEO)
    built = time.perf_counter()
    from merhav.strategy.bench import build

    plan, publish_ms = build(city, ceo)
    build_s = time.perf_counter() - built

    client = Client()
    client.force_login(ceo)
    device, _ = TOTPDevice.objects.get_or_create(user=ceo, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    anonymous = Client()

    def page(name: str, *, public: bool = False, **kwargs) -> str:
        if public:
            return reverse(f"strategy_public:{name}", kwargs={"public_slug": city.slug, **kwargs})
        return reverse(f"strategy:{name}", kwargs={"authority_slug": city.slug, **kwargs})

    p = {"plan_id": plan.pk}
    measured = {
        "index (list of 40 plans)": (client, page("index"), True),
        "detail (process, 27 meetings)": (client, page("detail", **p), False),
        "people (60 members, list)": (client, page("people", **p), True),
        "pilot (50 initiatives, list)": (client, page("pilot", **p), True),
        "logic model (24 boxes, 60 indicators)": (client, page("logic", **p), False),
        "gantt: work plan (400 actions)": (client, page("work_plan", **p), False),
        "public: plans (list)": (anonymous, page("plans", public=True), True),
        "public: the plan (400 actions, 60 indicators)": (anonymous, page("plan", public=True, **p), False),
        "export: work plan .xlsx": (client, page("work_plan_xlsx", **p), False),
        "export: plan .docx": (client, page("plan_docx", **p), False),
        "api: actions (limit 100)": (client, f"/api/v1/authorities/{city.slug}/strategy/plans/{plan.pk}/actions"
                                             "?limit=100", True),
    }
    pages = {}
    for label, (who, url, is_list) in measured.items():
        response = who.get(url, HTTP_ACCEPT_LANGUAGE="he")
        assert response.status_code == 200, (label, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            who.get(url)
        runs = max(3, args.runs // 3) if "export" in label else args.runs
        pages[label] = {"url": url, "queries": len(queries), "list": is_list,
                        **timed(lambda who=who, url=url: who.get(url), runs)}

    def reminder_job():
        from merhav.strategy.tasks import send_strategy_reminders

        send_strategy_reminders.call()

    checks = {
        "gantt_under_500ms": pages["gantt: work plan (400 actions)"]["wall_ms_p95"] < TARGETS_MS["gantt"],
        "public_under_500ms": pages["public: the plan (400 actions, 60 indicators)"]["wall_ms_p95"]
        < TARGETS_MS["public"],
        "docx_under_3s": pages["export: plan .docx"]["wall_ms_p95"] < TARGETS_MS["docx"],
        "list_pages_cpu_at_most_15ms": all(v["cpu_ms_median"] <= TARGETS_MS["list_cpu"]
                                           for v in pages.values() if v["list"]),
    }
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "backend": args.backend,
        "database": connection.vendor,
        "python": platform.python_version(),
        "load_average_1_5_15": [round(v, 2) for v in os.getloadavg()],
        "cpus": os.cpu_count(),
        "scale": {"channels": 4, "actions": ACTIONS, "budget_lines": ACTIONS * 3, "indicators": INDICATORS,
                  "measurements": INDICATORS * 4 * YEARS, "plans": PLANS, "members": MEMBERS,
                  "initiatives": INITIATIVES},
        "build_seconds": round(build_s, 1),
        "publish_ms": round(publish_ms, 1),
        "reminder_job": timed(reminder_job, 5),
        "targets_ms": TARGETS_MS,
        "pages": pages,
        "checks": checks,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    existing[args.backend] = result
    RESULTS.write_text(json.dumps(existing, ensure_ascii=False, indent=2) + "\n")
    print(f"{'page':48} {'queries':>7} {'wall p50':>9} {'wall p95':>9} {'cpu p50':>8}")
    for label, v in pages.items():
        print(f"{label:48} {v['queries']:7} {v['wall_ms_median']:9} {v['wall_ms_p95']:9} {v['cpu_ms_median']:8}")
    print("checks:", checks, "load:", result["load_average_1_5_15"])


if __name__ == "__main__":
    main()
