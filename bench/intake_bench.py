"""Benchmark of evacuee intake at the issue's "large city": 60,000 evacuees in 25,000 households imported
from one .xlsx list, then 120,000 long-term services; on SQLite and PostgreSQL.

    .venv/bin/python bench/intake_bench.py                       # both databases
    .venv/bin/python bench/intake_bench.py --backends sqlite --runs 10

Measured: the import (the worker's read-and-check and its apply, wall and CPU seconds, the process's peak
memory), a re-import of the same list (nothing added), searching by name and by ID number, each
department's worklist and the API lists (p50/p95 wall and CPU ms, queries per request). Each database
runs in its own process on a fresh database (a temporary SQLite file; on PostgreSQL the database named by
BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/merhav_intake_bench, dropped and created).
Requests go through Django's test Client with the whole middleware stack. Figures go to
bench/results/intake.json, with the load average beside them (the machine is shared: CPU ms is the
figure that survives the noise).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "intake.json"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/merhav_intake_bench"
TARGETS = {"import_s": 60, "import_peak_mb": 500, "search_ms": 200, "worklist_p95_ms": 300}

sys.path.insert(0, str(ROOT / "bench"))
from lessons_bench import (  # noqa: E402  (the shared measuring tools of the benchmarks)
    _SERVER_STAT,
    prepare_database,
    summary,
    timed,
    verified_login,
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stopwatch(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, {"wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2)}


def child(backend: str, people: int, households: int, services: int, runs: int, budget: float, out: Path) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="merhav-intake-bench-"))
    if backend != "sqlite":
        os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_PG)
    os.environ["DATABASE_URL"] = prepare_database(backend, workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import random

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled
    from intake_data import evacuee_list

    from merhav.core.context import acting_as
    from merhav.intake import import_worker
    from merhav.intake.models import SERVICE_SECTION, ImportBatch, LongTermService, Person, ServiceKind
    from merhav.intake.services import imports
    from merhav.tenancy.models import StandardDepartment
    from merhav.tenancy.roles import Role
    from merhav.tenancy.tests.factories import AuthorityFactory, member_of

    settings.DEBUG = False
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "api": (10**9, 60)}
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        _SERVER_STAT.append(Path(f"/proc/{pid}/stat"))

    authority = AuthorityFactory(slug="large-city")
    coordinator = member_of(authority, Role.INTAKE_COORDINATOR, department_kind=StandardDepartment.WELFARE)
    education = member_of(authority, Role.DEPARTMENT_HEAD, department_kind=StandardDepartment.EDUCATION)
    welfare = member_of(authority, Role.DEPARTMENT_HEAD, department_kind=StandardDepartment.WELFARE)
    content = evacuee_list(people, households)
    result: dict = {"backend": backend, "sizes": {"people": people, "households": households, "services": services},
                    "file_bytes": len(content)}

    def run_import() -> dict:
        with acting_as(coordinator, authority=authority):
            batch = imports.store_import(authority=authority, content=content)
        before = peak_mb()
        with scopes_disabled():
            batch = ImportBatch.objects.get(pk=batch.pk)
            _, read = stopwatch(lambda: import_worker.read_batch(batch))
            ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.APPLYING)
            _, applied = stopwatch(lambda: import_worker.apply_batch(batch.pk))
            batch.refresh_from_db()
            stored = Person.objects.filter(authority=authority).count()
        return {"read_and_check": read, "apply": applied,
                "total_wall_s": round(read["wall_s"] + applied["wall_s"], 2),
                "total_cpu_s": round(read["cpu_s"] + applied["cpu_s"], 2),
                "rows": batch.total, "new": batch.new_count, "unchanged": batch.unchanged_count,
                "bad": batch.bad_count, "people_stored": stored, "peak_mb_before": round(before),
                "peak_mb_after": round(peak_mb())}

    print(f"[{backend}] importing {people} rows", file=sys.stderr)
    result["import"] = run_import()
    print(f"[{backend}] re-importing", file=sys.stderr)
    result["reimport"] = run_import()

    print(f"[{backend}] {services} services", file=sys.stderr)
    rng = random.Random(11)
    kinds = list(ServiceKind)
    statuses = ["open", "in_progress", "waiting", "closed", "closed"]
    now = timezone.now()
    with scope(authority=authority):
        person_ids = list(Person.objects.filter(authority=authority).values_list("pk", flat=True))
        batch_rows = []
        for n in range(services):
            kind = kinds[n % len(kinds)]
            batch_rows.append(LongTermService(
                authority=authority, person_id=person_ids[n % len(person_ids)], kind=kind,
                section=SERVICE_SECTION[kind], status=rng.choice(statuses),
                last_update_at=now - timedelta(days=rng.randrange(60)), created_by=coordinator))
            if len(batch_rows) == 5000:
                LongTermService.objects.bulk_create(batch_rows)
                batch_rows = []
        LongTermService.objects.bulk_create(batch_rows)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    clients = {user: verified_login(Client(), user) for user in (coordinator, education, welfare)}
    with scope(authority=authority):
        someone = Person.objects.filter(authority=authority).order_by("pk")[people // 2]
    base = f"/a/{authority.slug}/intake"

    def measure(name: str, call) -> dict:
        with CaptureQueriesContext(connection) as queries:
            response = call()
        assert response.status_code == 200, (name, response.status_code)
        return {"name": name, "queries": len(queries), **summary(timed(call, runs, budget))}

    c, e, w = clients[coordinator], clients[education], clients[welfare]
    from merhav.accounts.models import ApiToken
    _token, raw = ApiToken.issue(user=education, name="bench")
    api_headers = {"Authorization": f"Bearer {raw}"}
    api = Client()
    checks = [
        ("search by name (POST, welfare)", lambda: w.post(f"{base}/search/", {"query": f"{someone.first_name} "
                                                                                      f"{someone.last_name}"})),
        ("search by ID number (POST, welfare)", lambda: w.post(f"{base}/search/", {"query": someone.id_number})),
        ("worklist: education", lambda: e.get(f"{base}/services/")),
        ("worklist: welfare", lambda: w.get(f"{base}/services/")),
        ("worklist: coordinator (all)", lambda: c.get(f"{base}/services/")),
        ("worklist: education, page 50", lambda: e.get(f"{base}/services/?page=50")),
        ("households list", lambda: c.get(f"{base}/")),
        ("a person's record: education", lambda: e.get(f"{base}/people/{someone.pk}/")),
        ("API: services of education", lambda: api.get(f"/api/v1/authorities/{authority.slug}/intake/services",
                                                       headers=api_headers)),
        ("API: search (POST)", lambda: api.post(f"/api/v1/authorities/{authority.slug}/intake/search",
                                                 json.dumps({"query": someone.id_number}),
                                                 content_type="application/json", headers=api_headers)),
    ]
    from django_otp.plugins.otp_totp.models import TOTPDevice
    TOTPDevice.objects.get_or_create(user=education, name="bench", defaults={"confirmed": True})
    result["requests"] = []
    for name, call in checks:
        print(f"[{backend}] {name}", file=sys.stderr)
        result["requests"].append(measure(name, call))
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--people", type=int, default=60_000)
    parser.add_argument("--households", type=int, default=25_000)
    parser.add_argument("--services", type=int, default=120_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--budget", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.people, args.households, args.services, args.runs, args.budget, args.child_out)
        return
    results = []
    for backend in args.backends.split(","):
        out = Path(tempfile.mkdtemp()) / f"{backend}.json"
        load_before = os.getloadavg()
        subprocess.run([sys.executable, __file__, "--child", backend, "--child-out", str(out),
                        "--people", str(args.people), "--households", str(args.households),
                        "--services", str(args.services), "--runs", str(args.runs), "--budget", str(args.budget)],
                       check=True)
        run = json.loads(out.read_text())
        run["load_average"] = {"before": [round(x, 2) for x in load_before],
                               "after": [round(x, 2) for x in os.getloadavg()]}
        results.append(run)
    report = {"benchmark": "intake", "when": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
              "targets": TARGETS, "runs": results}
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    for run in results:
        imp = run["import"]
        print(f"{run['backend']}: import {imp['total_wall_s']} s wall / {imp['total_cpu_s']} s CPU, "
              f"peak {imp['peak_mb_after']} MB, re-import new={run['reimport']['new']}; load {run['load_average']}")
        for r in run["requests"]:
            print(f"  {r['name']}: p95 {r.get('p95_ms')} ms (CPU p95 {r.get('cpu_p95_ms')} ms), {r['queries']} queries")


if __name__ == "__main__":
    main()
