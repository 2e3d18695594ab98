"""Benchmark of learning communities at the issue's scale: a programme of 20 communities, 1,000 members and
200 meetings a year (with attendance, surveys, applications, teams and products), on SQLite and PostgreSQL.

    .venv/bin/python bench/communities_bench.py                         # both databases, 30 runs per page
    .venv/bin/python bench/communities_bench.py --backends sqlite --runs 10

Each database runs in its own process on a fresh database (a temporary SQLite file; on PostgreSQL the
database named by BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/merhav_communities_bench,
dropped and created). The rows are bulk-inserted (a benchmark of the pages, not of the services), then
every list page, the syllabus Gantt, the exports and the API lists are requested through Django's test
Client in-process (the whole middleware stack, a session logged in with two-factor passed). For each: the
wall time p50/p95, the CPU time of the process p50/p95 (the figure that survives a noisy shared machine)
and the number of queries of one request at the full size and at a tenth of it (a fixed count holds both).
Figures go to bench/results/communities.json; the load average is written beside them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "communities.json"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/merhav_communities_bench"
SCALE = {"communities": 20, "members": 1000, "meetings_per_year": 200}
TARGETS = {"page_p95_ms": 300, "list_cpu_ms": 15}


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- the data ----------------------------------------------------------------------------------------


def load(scale: float = 1.0) -> dict:
    """Bulk-insert the programme at `scale` of the issue's size; returns the people and ids to request."""
    from django_scopes import scopes_disabled

    from merhav.accounts.models import User
    from merhav.communities import models as m
    from merhav.communities.bench import fill
    from merhav.tenancy.models import Authority
    from merhav.tenancy.services import add_standard_departments

    n_communities = SCALE["communities"]
    per_community = max(6, int(SCALE["members"] * scale) // n_communities)
    meetings_per_community = max(2, int(SCALE["meetings_per_year"] * scale) // n_communities)
    with scopes_disabled():
        authorities = [Authority.objects.create(name_he=f"רשות {i}", slug=f"bench-{i}", code=str(70000 + i),
                                                kind=("city", "local_council", "regional_council")[i % 3],
                                                district=("north", "south", "central", "haifa")[i % 4])
                       for i in range(40)]
        for authority in authorities[:1]:
            add_standard_departments(authority=authority)
        manager = User.objects.create_user(email="manager@bench.example", password="x", full_name="מנהלת המיזם")
        programme, communities, leader = fill(authorities=authorities, manager=manager, communities=n_communities,
                                              per_community=per_community,
                                              meetings_per_community=meetings_per_community)
    first = communities[0]
    with scopes_disabled():
        ids = {"community": first.pk, "programme": programme.pk, "call": m.Call.objects.get(community=first).pk,
               "meeting": m.Meeting.objects.filter(community=first).first().pk,
               "team": m.WorkTeam.objects.filter(community=first).first().pk}
    return {"leader": leader, "manager": manager, "ids": ids, "per_community": per_community}


# --- one backend, in its own process -------------------------------------------------------------------


def pages(ids: dict) -> dict[str, tuple[str, str]]:
    c = ids["community"]
    base = f"/communities/{c}"
    return {
        "index": ("leader", "/communities/"),
        "library": ("leader", "/communities/library/"),
        "library_search": ("leader", "/communities/library/?q=%D7%AA%D7%95%D7%A6%D7%A8+1"),
        "programme": ("manager", f"/communities/programmes/{ids['programme']}/"),
        "detail": ("leader", f"{base}/"),
        "members": ("leader", f"{base}/members/"),
        "call_mix": ("leader", f"{base}/calls/{ids['call']}/"),
        "topics": ("leader", f"{base}/topics/"),
        "syllabus_gantt": ("leader", f"{base}/syllabus/?year=2026"),
        "meetings": ("leader", f"{base}/meetings/?year=2026"),
        "meeting": ("leader", f"{base}/meetings/{ids['meeting']}/"),
        "teams": ("leader", f"{base}/teams/"),
        "team": ("leader", f"{base}/teams/{ids['team']}/"),
        "wartime": ("leader", f"{base}/wartime/"),
        "syllabus_xlsx": ("leader", f"{base}/syllabus.xlsx?year=2026"),
        "syllabus_ics": ("leader", f"{base}/syllabus.ics?year=2026"),
        "api_communities": ("leader", "/api/v1/communities/communities"),
        "api_members": ("leader", f"/api/v1/communities/communities/{c}/members"),
        "api_meetings": ("leader", f"/api/v1/communities/communities/{c}/meetings"),
        "api_library": ("leader", "/api/v1/communities/library"),
    }


def measure_backend(backend: str, runs: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conftest import verified_login


    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "api": (10**9, 60)}
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    world = load()
    load_seconds = time.perf_counter() - started
    if backend == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    clients = {who: verified_login(Client(), world[who]) for who in ("leader", "manager")}
    result = {}
    for name, (who, path) in pages(world["ids"]).items():
        client = clients[who]
        response = client.get(path)  # warm-up
        assert response.status_code == 200, (name, path, response.status_code)
        connection.queries_log.clear()  # a full log (9,000 entries) would make every capture look empty
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        count = len(queries)  # now: the next request's request_started signal empties the log
        wall, cpu = [], []
        for _ in range(runs):
            w0, c0 = time.perf_counter(), time.process_time()
            client.get(path)
            wall.append((time.perf_counter() - w0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        result[name] = {"path": path, "queries": count, "wall_p50_ms": round(percentile(wall, 50), 1),
                        "wall_p95_ms": round(percentile(wall, 95), 1), "cpu_p50_ms": round(percentile(cpu, 50), 1),
                        "cpu_p95_ms": round(percentile(cpu, 95), 1)}
    from django.db.models import Count  # noqa: F401  (the row counts below)
    from django_scopes import scopes_disabled

    from merhav.communities import models as m

    with scopes_disabled():
        rows = {model.__name__: model.objects.count() for model in (
            m.Community, m.CommunityMember, m.Meeting, m.Attendance, m.SatisfactionResponse, m.Application,
            m.WorkTeam, m.KnowledgeProduct, m.TopicVote)}
    return {"backend": backend, "database_version": connection.Database.sqlite_version if backend == "sqlite"
            else ".".join(map(str, divmod(connection.pg_version, 10000))), "load_seconds": round(load_seconds, 1),
            "rows": rows, "pages": result}


def query_counts_at_a_tenth(backend: str) -> dict:
    """The same pages at a tenth of the size: their query counts must equal the full size's."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conftest import verified_login


    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    world = load(scale=0.1)
    clients = {who: verified_login(Client(), world[who]) for who in ("leader", "manager")}
    counts = {}
    for name, (who, path) in pages(world["ids"]).items():
        clients[who].get(path)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            clients[who].get(path)
        counts[name] = len(queries)
    return counts


def run_child(backend: str, mode: str, runs: int) -> dict:
    env = {**os.environ, "DEBUG": "false"}  # as in production: no query log, no debug templates
    folder = tempfile.mkdtemp(prefix="merhav-communities-bench-")
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    else:
        url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
        name = url.rsplit("/", 1)[1]
        subprocess.run(["psql", url.rsplit("/", 1)[0] + "/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {name}",
                        "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        env["DATABASE_URL"] = url
    out = subprocess.run([sys.executable, __file__, "--child", backend, "--mode", mode, "--runs", str(runs)],
                         env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--child")
    parser.add_argument("--mode", default="full")
    args = parser.parse_args()
    if args.child:
        data = measure_backend(args.child, args.runs) if args.mode == "full" else query_counts_at_a_tenth(args.child)
        print(json.dumps(data))
        return 0
    import django

    report = {
        "benchmark": "communities", "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": SCALE, "targets": TARGETS,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
                    "platform": platform.platform()},
        "method": __doc__.split("\n\n")[2].replace("\n", " "),
        "runs": [],
    }
    for backend in args.backends.split(","):
        load_before = os.getloadavg()
        run = run_child(backend, "full", args.runs)
        tenth = run_child(backend, "tenth", 1)
        run["load_average_at_start"] = [round(x, 2) for x in load_before]
        run["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        for name, figures in run["pages"].items():
            figures["queries_at_a_tenth"] = tenth[name]
            figures["fixed_queries"] = tenth[name] == figures["queries"]
        report["runs"].append(run)
        print(f"\n{backend} (load {run['load_average_at_start']} → {run['load_average_at_end']}):")
        print(f"{'page':<18}{'queries':>9}{'wall p50':>10}{'wall p95':>10}{'cpu p50':>9}{'cpu p95':>9}")
        for name, f in run["pages"].items():
            print(f"{name:<18}{f['queries']:>5}/{f['queries_at_a_tenth']:<3}{f['wall_p50_ms']:>10}{f['wall_p95_ms']:>10}"
                  f"{f['cpu_p50_ms']:>9}{f['cpu_p95_ms']:>9}")
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
