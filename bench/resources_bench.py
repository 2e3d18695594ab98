"""Benchmark of the partnerships and community resources module: match suggestions, the situation picture,
the gap document (page, .docx, .xlsx), the list pages and a partner's page, and importing 20,000 rows.

    .venv/bin/python bench/resources_bench.py                        # the issue's scale, both databases
    .venv/bin/python bench/resources_bench.py --partners 200 --resources 2000 --needs 5000 --backends sqlite

Each database runs in its own child process on a fresh database (a temporary SQLite file; on PostgreSQL the
database named by BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/merhav_resources_bench,
dropped and created), and the import in another child (so that its peak memory is its own). Requests go
through Django's test Client in-process, with the whole middleware stack and a session with two-factor
passed. CPU ms per request is the process's CPU time (PostgreSQL server time is not counted; the database
queries are few and fixed). Figures go to bench/results/resources.json; a table is printed.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import platform
import resource as rusage
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "resources.json"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/merhav_resources_bench"
TARGETS = {"suggestions_ms": 100, "situation_ms": 1000, "gap_document_ms": 1000, "import_20000_s": 30,
           "import_memory_mb": 300, "list_p95_ms": 300, "list_cpu_ms": 15}


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def timed(fn, runs: int) -> dict:
    """p50/p95 wall and CPU ms over `runs` calls after two warm-up calls."""
    fn()
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return {"p50_ms": round(statistics.median(walls), 1), "p95_ms": round(percentile(walls, 95), 1),
            "cpu_p50_ms": round(statistics.median(cpus), 1), "cpu_p95_ms": round(percentile(cpus, 95), 1),
            "runs": runs}


def prepare_database(backend: str, workdir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    admin = psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432, user=config["USER"],
                            password=config["PASSWORD"] or None, dbname="postgres", autocommit=True)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    return url


def setup(backend: str) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="merhav-bench-"))
    os.environ["DATABASE_URL"] = prepare_database(backend, workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)


def make_city():
    from merhav.accounts.tests.factories import UserFactory
    from merhav.tenancy.roles import Role
    from merhav.tenancy.tests.factories import AuthorityFactory, MembershipFactory

    city = AuthorityFactory(slug="bench-city")
    manager = UserFactory()
    MembershipFactory(authority=city, user=manager, role=Role.PARTNERSHIPS_MANAGER)
    return city, manager


def login(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def child_pages(backend: str, sizes: dict, runs: int, out: Path) -> None:
    setup(backend)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scope

    from merhav.resources import exports
    from merhav.resources.bench import generate
    from merhav.resources.models import Need, Partner
    from merhav.resources.selectors.gaps import gap_rows
    from merhav.resources.selectors.matching import suggestions
    from merhav.resources.selectors.situation import situation

    city, manager = make_city()
    data = generate(city, **sizes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = login(Client(), manager)
    result: dict = {"backend": backend, "data": data, "loadavg": os.getloadavg()}
    with scope(authority=city):
        need_ids = list(Need.objects.filter(authority=city).values_list("pk", flat=True)[:: max(1, sizes["needs"] // 40)])
        needs = list(Need.objects.filter(pk__in=need_ids))
        partner = Partner.objects.filter(authority=city).order_by("pk")[sizes["partners"] // 2]
        cycle = iter(needs * 10)
        result["suggestions"] = timed(lambda: list(suggestions(next(cycle), stale_after_days=180)), runs)
        result["situation_selector"] = timed(lambda: situation(city, stale_after_days=180), max(3, runs // 3))
        result["gap_rows_selector"] = timed(lambda: gap_rows(city), max(3, runs // 3))
        rows = gap_rows(city)
        result["gap_rows"] = len(rows)
        result["gap_docx"] = timed(lambda: exports.gap_docx(authority_name="bench", rows=rows), 3)
        result["gap_xlsx"] = timed(lambda: exports.gap_xlsx(authority_name="bench", rows=rows), 3)

    def page(name, **kwargs):
        path = reverse(f"resources:{name}", kwargs={"authority_slug": city.slug, **kwargs})
        return lambda: client.get(path)

    pages = {
        "situation_page": page("index"), "gap_document_page": page("gap_document"),
        "partner_list": page("partner_list"), "partner_page": page("partner_detail", partner_id=partner.pk),
        "need_list": page("need_list"), "resource_list": page("resource_list"),
        "need_page": page("need_detail", need_id=needs[0].pk), "response_list": page("response_list"),
    }
    for name, fn in pages.items():
        response = fn()
        assert response.status_code == 200, (name, response.status_code)
        result[name] = timed(fn, runs)
    deep = reverse("resources:need_list", kwargs={"authority_slug": city.slug}) + "?page=1000"
    result["need_list_page_1000"] = timed(lambda: client.get(deep), max(3, runs // 3))
    out.write_text(json.dumps(result))


def child_import(backend: str, rows: int, out: Path) -> None:
    setup(backend)
    from django_scopes import scope
    from openpyxl import Workbook

    from merhav.resources import imports
    from merhav.resources.importing import apply_checked
    from merhav.resources.models import Neighbourhood, Partner, Resource, ResourceImport

    city, manager = make_city()
    with scope(authority=city):
        Neighbourhood.objects.bulk_create([Neighbourhood(authority=city, name=f"שכונה {n}") for n in range(20)])
        Partner.objects.bulk_create([Partner(authority=city, name=f"שותף {n}", kind="company") for n in range(200)])
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["שם", "סוג", "צרכים שהוא עונה עליהם", "קיבולת", "כמות", "יחידה", "שכונה", "בידי שותף",
                  "אומת לאחרונה"])
    for n in range(rows):
        sheet.append([f"משאב מיובא {n}", "מתנדבים ופעילים", "מזון", 10 + n % 90, n % 50, "אנשים",
                      f"שכונה {n % 20}", f"שותף {n % 200}", "01.11.2026"])
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    lines = ["שם,סוג,צרכים שהוא עונה עליהם,קיבולת,כמות,יחידה,שכונה,בידי שותף,אומת לאחרונה"]
    lines += [f"משאב מיובא {n},מתנדבים ופעילים,מזון,{10 + n % 90},{n % 50},אנשים,שכונה {n % 20},שותף {n % 200},"
              "01.11.2026" for n in range(rows)]
    csv_content = "\n".join(lines).encode()
    rss_before = rusage.getrusage(rusage.RUSAGE_SELF).ru_maxrss / 1024
    result: dict = {"backend": backend, "rows": rows, "file_kb": len(content) // 1024, "loadavg": os.getloadavg()}
    started = time.perf_counter()
    headers, raw = imports.read_file("bench.xlsx", content)
    result["read_s"] = round(time.perf_counter() - started, 2)
    t = time.perf_counter()
    _csv_headers, csv_raw = imports.read_file("bench.csv", csv_content)
    result["read_csv_s"] = round(time.perf_counter() - t, 2)
    assert len(csv_raw) == len(raw)
    mapping = imports.guess_mapping("resources", headers)
    t = time.perf_counter()
    checked = imports.check_rows(authority=city, target="resources", rows=raw, mapping=mapping)
    result["check_s"] = round(time.perf_counter() - t, 2)
    result["bad_rows"] = sum(1 for row in checked if row.problems)
    with scope(authority=city):
        stored = ResourceImport.objects.create(authority=city, target="resources", created_by=manager, rows=raw,
                                               mapping=mapping, status="applying", total=len(raw))
    t = time.perf_counter()
    counts = apply_checked(stored=stored)
    result["apply_s"] = round(time.perf_counter() - t, 2)
    result["total_s"] = round(time.perf_counter() - started, 2)
    result["counts"] = counts
    with scope(authority=city):
        result["stored"] = Resource.objects.filter(authority=city).count()
    stored.status = "applying"
    stored.applied_at = None
    stored.rows = raw
    stored.save()
    t = time.perf_counter()
    again = apply_checked(stored=stored)
    result["reimport_s"] = round(time.perf_counter() - t, 2)
    result["reimport_counts"] = again
    result["peak_rss_mb"] = round(rusage.getrusage(rusage.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["rss_before_mb"] = round(rss_before, 1)
    out.write_text(json.dumps(result))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--resources", type=int, default=20000)
    parser.add_argument("--needs", type=int, default=50000)
    parser.add_argument("--import-rows", type=int, default=20000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--only", default="pages,import", help="which children to run: pages, import or both")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "BACKEND"), help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = {"partners": args.partners, "resources": args.resources, "needs": args.needs}
    if args.child:
        kind, backend = args.child
        if kind == "pages":
            child_pages(backend, sizes, args.runs, args.child_out)
        else:
            child_import(backend, args.import_rows, args.child_out)
        return

    runs = []
    for backend in args.backends.split(","):
        for kind in args.only.split(","):
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
                part = Path(handle.name)
            print(f"== {backend}, {kind}", file=sys.stderr)
            subprocess.run([sys.executable, __file__, "--child", kind, backend, "--runs", str(args.runs),
                            "--partners", str(args.partners), "--resources", str(args.resources),
                            "--needs", str(args.needs), "--import-rows", str(args.import_rows),
                            "--child-out", str(part)], check=True, cwd=ROOT)
            runs.append({"kind": kind, **json.loads(part.read_text())})
            part.unlink()
    import django

    document = {
        "benchmark": "resources",
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
                    "platform": platform.platform()},
        "method": "Django test Client in-process (whole middleware stack), session with 2FA passed; p50/p95 wall "
                  "and CPU ms of this process over --runs requests after two warm-ups; queries counted on one "
                  "request; selectors timed directly; the import read/check/apply timed directly as the worker "
                  "runs them, in its own process (peak RSS of that process). The machine's 2 cores are shared: "
                  "see each run's load averages.",
        "scale": sizes | {"import_rows": args.import_rows},
        "targets": TARGETS,
        "runs": runs,
    }
    if args.out.exists() and args.only != "pages,import":  # keep the other children's figures of the last run
        previous = json.loads(args.out.read_text())
        kept = [r for r in previous.get("runs", []) if r["kind"] not in args.only.split(",")]
        document["runs"] = kept + runs
        document["earlier_run_kept"] = previous.get("written_at")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    for run in document["runs"]:
        if run["kind"] == "pages":
            print(f"{run['backend']}: " + ", ".join(
                f"{name} p95 {run[name]['p95_ms']} ms cpu {run[name]['cpu_p50_ms']} ms"
                for name in ("suggestions", "situation_page", "gap_document_page", "partner_list", "partner_page",
                             "need_list", "resource_list")))
        else:
            print(f"{run['backend']} import {run['rows']} rows: {run['total_s']} s, peak {run['peak_rss_mb']} MB, "
                  f"reimport {run['reimport_counts']}")


if __name__ == "__main__":
    main()
