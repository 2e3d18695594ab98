"""Benchmark of the authority dashboard: pages per second, p50/p95 latency and SQL queries per request.

    .venv/bin/python bench/dashboard.py                      # SQLite, in a temporary database file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merhav .venv/bin/python bench/dashboard.py
    .venv/bin/python bench/dashboard.py --authorities 50 --users 5000 --requests 1000

With DATABASE_URL on PostgreSQL the benchmark works in its own database on that server, named after the
one in the URL with "_dashboard_bench" appended: dropped and created at the start, dropped at the end.
The data (bench/dashboard_data.py): 50 authorities, 5,000 users with memberships spread across them.
Requests go through Django's test Client in-process — the whole middleware stack, DEBUG off, sessions
logged in with two-factor passed — as the CEO and a staff member of every authority, in turn.
Figures go to bench/results/dashboard.json (one entry per database vendor) and a summary is printed.
This is not a test: it has no pass/fail threshold.
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
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "dashboard.json"
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def prepare_database(keep: bool) -> tuple[str, callable]:
    """Point DATABASE_URL at a fresh database for the benchmark; return its description and a clean-up."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = f"{parts.path.lstrip('/') or 'merhav'}_dashboard_bench"
        admin_url = urlunsplit(parts._replace(path="/postgres"))

        def execute(sql: str) -> None:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(sql)

        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

        def clean_up():
            from django.db import connections

            connections.close_all()
            if not keep:
                execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return f"postgresql database {name}", clean_up
    folder = tempfile.mkdtemp(prefix="merhav-bench-")
    path = Path(folder) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"

    def clean_up_file():
        from django.db import connections

        connections.close_all()
        if not keep:
            for file in Path(folder).iterdir():
                file.unlink()
            Path(folder).rmdir()

    return f"sqlite file {path}", clean_up_file


def logged_in_client(user):
    """A test Client with a session that passed two-factor, like conftest.verified_login."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authorities", type=int, default=50)
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=500, help="timed dashboard requests")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--no-write", action="store_true", help="print the figures, do not write the JSON file")
    args = parser.parse_args()

    os.environ["DEBUG"] = "false"  # cached templates, no query log: what production runs
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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from bench.dashboard_data import generate
    from merhav.tenancy.models import Membership
    from merhav.tenancy.roles import Role

    print(f"Database: {where}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    data = generate(authorities=args.authorities, users=args.users)
    print(f"Data: {len(data.authorities)} authorities, {len(data.users)} users, {data.memberships} memberships, "
          f"{data.notifications} notifications in {time.perf_counter() - started:.1f} s")

    with scopes_disabled():
        viewers = []
        for role in (Role.CEO, Role.STAFF):
            seen = set()
            for m in Membership.objects.filter(role=role).select_related("user", "authority").order_by("pk"):
                if m.authority_id not in seen:
                    seen.add(m.authority_id)
                    viewers.append((m.user, m.authority))
    sessions = [
        (logged_in_client(user), reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
        for user, authority in viewers
    ]

    queries = []
    for client, url in sessions:  # also the warm-up of each session
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))

    for n in range(args.warmup):
        client, url = sessions[n % len(sessions)]
        client.get(url)
    timings = []
    wall = time.perf_counter()
    for n in range(args.requests):
        client, url = sessions[n % len(sessions)]
        t = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - t) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    wall = time.perf_counter() - wall

    vendor = connection.vendor
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "database_version": ".".join(map(str, connection.Database.sqlite_version_info))
        if vendor == "sqlite" else str(connection.pg_version),
        "data": {
            "authorities": len(data.authorities),
            "users": len(data.users),
            "memberships": data.memberships,
            "notifications": data.notifications,
        },
        "viewers": {"sessions": len(sessions), "roles": ["ceo", "staff"]},
        "requests": args.requests,
        "pages_per_second": round(args.requests / wall, 1),
        "latency_ms": {
            "p50": round(statistics.median(timings), 2),
            "p95": round(percentile(timings, 0.95), 2),
            "p99": round(percentile(timings, 0.99), 2),
            "mean": round(statistics.fmean(timings), 2),
            "max": round(max(timings), 2),
        },
        "queries_per_request": {"min": min(queries), "median": statistics.median(queries), "max": max(queries)},
        "machine": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
            "platform": platform.platform(terse=True),
        },
        "how": "Django test Client in-process, one process, sequential requests, DEBUG off; "
               "bench/dashboard.py",
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        existing[vendor] = result
        RESULTS.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n")
        print(f"Wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
