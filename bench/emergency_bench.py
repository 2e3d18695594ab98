"""Benchmark of emergency operations at the issue's scale: 500 sealed messages (templates), 20,000 issued
messages and an event log of 50,000 entries in one authority (plus another authority beside it).

    .venv/bin/python bench/emergency_bench.py                      # SQLite, in a temporary database file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merhav .venv/bin/python bench/emergency_bench.py

With DATABASE_URL on PostgreSQL it works in its own database, named after the one in the URL with
"_emergency_bench" appended: dropped and created at the start, dropped at the end.

Measured: issuing a message (the service, in its transaction, with one webhook endpoint: the delivery row
and its task are queued); every list page of the module, the emergency dashboard (the emergency's page
with its event log) and the API's list of issued messages: wall-clock p50/p95 and CPU milliseconds per
request (time.process_time: the figure that survives a shared, noisy machine), and SQL queries per request.
Requests go through Django's test Client in-process (the whole middleware stack, DEBUG off, a CEO session
with two-factor passed). Figures go to bench/results/emergency.json (one entry per database vendor).
This is not a test: it has no pass/fail threshold.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "emergency.json"
sys.path.insert(0, str(ROOT))

from bench.dashboard import logged_in_client, percentile  # noqa: E402


def generate(*, templates: int, issued: int, log_entries: int):
    """One city with its CEO, an active emergency with the log and the issued messages, and the templates."""
    from django_scopes import scopes_disabled

    from merhav.accounts.models import User
    from merhav.core.context import acting_as
    from merhav.emergency import services
    from merhav.emergency.bench import fill
    from merhav.tenancy import services as tenancy
    from merhav.tenancy.models import Authority
    from merhav.tenancy.roles import Role

    with scopes_disabled():
        city = Authority.objects.create(slug="bench-city", code="79001", name_he="עיר הבדיקה", name_ar="مدينة", name_en="Bench City")
        other = Authority.objects.create(slug="bench-other", code="79002", name_he="שכנה", name_ar="جارة", name_en="Neighbour")
        ceo = User.objects.create_user(email="ceo@bench.example", password="x", full_name="מנכ\"ל הבדיקה")
        tenancy.set_membership(authority=city, user=ceo, role=Role.CEO)
        other_ceo = User.objects.create_user(email="ceo@other.example", password="x", full_name="שכן")
        tenancy.set_membership(authority=other, user=other_ceo, role=Role.CEO)
    for authority, user, share in ((city, ceo, 1.0), (other, other_ceo, 0.1)):
        emergency = fill(authority, user, templates=int(templates * share), issued=int(issued * share),
                         log_entries=int(log_entries * share))
        with acting_as(user, authority=authority):
            services.start_checklist_run(authority=authority, programme="STEM", emergency=emergency)
    return city, ceo


def prepare_database(keep: bool):
    """A fresh database for the benchmark (its own on PostgreSQL, a temporary file on SQLite), and a clean-up."""
    import tempfile
    from urllib.parse import urlsplit, urlunsplit

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = f"{parts.path.lstrip('/') or 'merhav'}_emergency_bench"
        admin_url = urlunsplit(parts._replace(path="/postgres"))

        def execute(sql: str) -> None:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(sql)

        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

        def clean_up() -> None:
            from django.db import connections

            connections.close_all()
            if not keep:
                execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return f"postgresql database {name}", clean_up
    folder = Path(tempfile.mkdtemp(prefix="merhav-emergency-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"

    def clean_up_file() -> None:
        from django.db import connections

        connections.close_all()
        if not keep:
            for file in folder.iterdir():
                file.unlink()
            folder.rmdir()

    return f"sqlite file {folder / 'bench.sqlite3'}", clean_up_file


def timed(client, url: str, n: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next connection's log starts afresh
    assert response.status_code == 200, (url, response.status_code)
    walls, cpus = [], []
    for _ in range(n):
        w, c = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpus.append((time.process_time() - c) * 1000)
        walls.append((time.perf_counter() - w) * 1000)
        assert response.status_code == 200
    return {
        "queries": queries,
        "wall_ms": {"p50": round(statistics.median(walls), 2), "p95": round(percentile(walls, 0.95), 2)},
        "cpu_ms": {"p50": round(statistics.median(cpus), 2), "p95": round(percentile(cpus, 0.95), 2)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--templates", type=int, default=500)
    parser.add_argument("--issued", type=int, default=20_000)
    parser.add_argument("--log-entries", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--issues", type=int, default=40, help="timed issues of a message")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    where, clean_up = prepare_database(args.keep)
    import django

    django.setup()
    try:
        return run(args, where)
    finally:
        clean_up()


def run(args, where: str) -> int:
    import django
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.urls import reverse
    from django_scopes import scope

    from merhav.core.context import acting_as
    from merhav.emergency import services
    from merhav.emergency.models import ChecklistRun, Emergency, SealedMessage

    print(f"Database: {where}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    city, ceo = generate(templates=args.templates, issued=args.issued, log_entries=args.log_entries)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would have them after a bulk load
        cursor.execute("ANALYZE")
    print(f"Data in {time.perf_counter() - started:.1f} s")
    with scope(authority=city):
        emergency = Emergency.objects.get(authority=city)
        run_id = ChecklistRun.objects.get(authority=city).pk
        message = SealedMessage.objects.filter(authority=city).order_by("pk").first()

    def u(name, **kwargs):
        return reverse(f"emergency:{name}", kwargs={"authority_slug": city.slug, **kwargs})

    pages = {
        "index": u("index"),
        "emergency dashboard (the emergency's page, event log)": u("detail", emergency_id=emergency.pk),
        "sealed messages": u("message_list"),
        "readiness": u("readiness"),
        "issue log": u("issued_list"),
        "issue: choose a message": u("issue_choose", emergency_id=emergency.pk),
        "checklist": u("checklist"),
        "checklist run": u("run_detail", checklist_run_id=run_id),
        "authority dashboard (panel + banner)": reverse("tenancy:dashboard", kwargs={"authority_slug": city.slug}),
        "API: issued messages": f"/api/v1/authorities/{city.slug}/emergency/issued",
        "for comparison: the accessibility statement (the page shell alone)": reverse("ui:accessibility"),
        "for comparison: the lessons module's index": reverse("lessons:index", kwargs={"authority_slug": city.slug}),
    }
    client = logged_in_client(ceo)
    figures = {}
    for label, url in pages.items():
        if url.startswith("/api/"):
            from merhav.accounts.models import ApiToken

            _token, raw = ApiToken.issue(user=ceo, name="bench")
            from django.test import Client

            api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
            figures[label] = timed(api, url, args.requests)
        else:
            figures[label] = timed(client, url, args.requests)
        print(f"{label}: {figures[label]}")

    walls, cpus = [], []
    values = {"neighbourhood": "עין אור", "time": "18:40", "instructions": "יש להטעין טלפונים."}
    with acting_as(ceo, authority=city):
        for _ in range(args.issues):
            w, c = time.perf_counter(), time.process_time()
            with transaction.atomic():
                services.issue_message(emergency=emergency, message=message, values=values)
            cpus.append((time.process_time() - c) * 1000)
            walls.append((time.perf_counter() - w) * 1000)
    issuing = {"wall_ms": {"p50": round(statistics.median(walls), 2), "p95": round(percentile(walls, 0.95), 2)},
               "cpu_ms": {"p50": round(statistics.median(cpus), 2), "p95": round(percentile(cpus, 0.95), 2)}}
    print(f"issuing a message: {issuing}")

    vendor = connection.vendor
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "database_version": ".".join(map(str, connection.Database.sqlite_version_info))
        if vendor == "sqlite" else str(connection.pg_version),
        "data": {"templates": args.templates, "issued_messages": args.issued, "log_entries": args.log_entries,
                 "note": "one authority at this scale, a second one with a tenth beside it"},
        "pages": figures,
        "issuing_a_message": issuing,
        "requests_per_page": args.requests,
        "machine": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
            "platform": platform.platform(terse=True),
        },
        "how": "Django test Client in-process, one process, sequential requests, DEBUG off, a CEO session; "
               "CPU ms by time.process_time; bench/emergency_bench.py",
    }
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        existing[vendor] = result
        RESULTS.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n")
        print(f"Wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
