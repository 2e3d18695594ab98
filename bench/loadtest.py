"""Load test: the production set-up under 50 and 200 concurrent simulated users (locust, headless, bounded).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merhav .venv/bin/python bench/loadtest.py
    DATABASE_URL=... .venv/bin/python bench/loadtest.py --users 50 --seconds 30 --quick    # a smoke run

What it does, all on 127.0.0.1 and bounded in time:
1. The bench database and its people as bench/load.py makes them (its start-up helpers, reused): a database named
   after DATABASE_URL's with "_load" appended, migrated, filled with bench/lessons_data.py, --sessions people per
   persona (CEO, auditor, department head) with a password, a confirmed TOTP device and an API token.
2. gunicorn as in production (MERHAV_ENV=production, DEBUG off, --workers sync workers, collected static files)
   and the background worker (`manage.py run_worker`), both on that database.
3. Every person logs in through the real login form and the two-factor form (bench/load.py's Session).
4. For each --users count, locust runs that many simulated users (ramped up in --ramp seconds, then measured
   for --seconds): each user waits 0.5–2 s between actions (a person at a screen, not a script in a loop) and
   does a mix of web pages of every module (GET, logged in with a session cookie), API lists of every module
   (GET, personal token) and writes (API POSTs creating lessons events, partners and needs: about 10%).
   A request fails when its status is not the expected one (200 for reads, 201 for writes) or takes more than
   30 s (gunicorn's own limit).
5. bench/results/loadtest.json and loadtest.md: throughput, p50/p95/p99, error rate, per request kind, the
   machine's load average (min/mean/max, sampled every second) beside each figure, and the worker's queue
   at the end (tasks still waiting: the worker did not keep up).

The load generator runs on the same 2 cores as the server and the database: its own CPU is part of the load.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import gevent
import locust  # patches the standard library for gevent, before bench.load and the requests it makes
from locust import HttpUser, between, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "loadtest.json"
TABLE = ROOT / "bench" / "results" / "loadtest.md"
GUNICORN_LOG = Path(os.environ.get("LOADTEST_TMP", "/tmp")) / "loadtest-gunicorn.log"
WORKER_LOG = Path(os.environ.get("LOADTEST_TMP", "/tmp")) / "loadtest-worker.log"
SLUG = load.SLUG

# (name, persona, path): web pages of every module, read logged in with the session cookie.
PAGES = [
    ("page:dashboard", "ceo", "/a/{slug}/"),
    ("page:lessons", "ceo", "/a/{slug}/lessons/"),
    ("page:lessons events", "ceo", "/a/{slug}/lessons/events/"),
    ("page:lessons review", "ceo", "/a/{slug}/lessons/reviews/{review_id}/"),
    ("page:lessons my actions", "department_head", "/a/{slug}/lessons/actions/mine/"),
    ("page:lessons oversight", "auditor", "/a/{slug}/lessons/oversight/"),
    ("page:lessons library", "ceo", "/a/{slug}/lessons/library/"),
    ("page:resources", "ceo", "/a/{slug}/resources/"),
    ("page:resources partners", "ceo", "/a/{slug}/resources/partners/"),
    ("page:resources needs", "ceo", "/a/{slug}/resources/needs/"),
    ("page:resources gaps", "ceo", "/a/{slug}/resources/gaps/"),
    ("page:emergency", "ceo", "/a/{slug}/emergency/"),
    ("page:intake", "ceo", "/a/{slug}/intake/"),
    ("page:communities", "ceo", "/a/{slug}/communities/"),
    ("page:people", "ceo", "/a/{slug}/people/"),
]
_today = datetime.now(UTC).date().isoformat()
_run = datetime.now(UTC).strftime("%H%M%S")  # names unique across runs on a reused database (partners' are unique)
# (name, path, body builder): API writes, by the CEO's token.
WRITES = [
    ("api write:lessons event", "/api/v1/authorities/{slug}/lessons/events",
     lambda n: {"title": f"תרגיל עומס {n}", "kind": "emergency", "starts_on": _today}),
    ("api write:resources partner", "/api/v1/authorities/{slug}/resources/partners",
     lambda n: {"name": f"ועד הורים בעומס {_run}-{n}", "kind": "parent_committee"}),
    ("api write:resources need", "/api/v1/authorities/{slug}/resources/needs",
     lambda n: {"title": f"צורך בעומס {n}", "category": "food", "quantity": 1 + n % 50,
                "neighbourhood_id": Pool.neighbourhood_id}),
]


# A neighbourhood for the needs written during the run (a need names where it is).
NEIGHBOURHOOD = f"""
from django_scopes import scopes_disabled
from merhav.resources.models import Neighbourhood
from merhav.tenancy.models import Authority
with scopes_disabled():
    print(Neighbourhood.objects.create(authority=Authority.objects.get(slug="{SLUG}"), name="שכונת העומס").pk)
"""


class Pool:
    """Filled before the run: the logged-in sessions per persona, the paths that answer 200, a review id."""

    sessions: dict[str, list[load.Session]] = {}
    pages: list[tuple[str, str, str]] = []
    api_reads: list[tuple[str, str]] = []
    counter = itertools.count()
    neighbourhood_id = 0


def _forwarded(path: str) -> dict[str, str]:
    return {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", "Referer": f"https://127.0.0.1{path}"}


class CityUser(HttpUser):
    """A person of the authority at a screen: reads pages and API lists, now and then writes."""

    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        n = next(Pool.counter)
        self.n = n
        self.session_of = {persona: sessions[n % len(sessions)] for persona, sessions in Pool.sessions.items()}
        self.client.verify = False

    def _expect(self, response, status: int) -> None:
        if response.status_code != status:
            response.failure(f"{response.status_code} (expected {status}) {response.text[:160]}")
        else:
            response.success()

    @task(6)
    def page(self) -> None:
        name, persona, path = _pick(Pool.pages)
        session = self.session_of[persona]
        headers = {**_forwarded(path), "Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items())}
        with self.client.get(path, headers=headers, name=name, allow_redirects=False, timeout=30,
                             catch_response=True) as response:
            self._expect(response, 200)

    @task(3)
    def api_read(self) -> None:
        name, path = _pick(Pool.api_reads)
        headers = {**_forwarded(path), "Authorization": f"Bearer {self.session_of['ceo'].person['token']}"}
        with self.client.get(path, headers=headers, name=name, allow_redirects=False, timeout=30,
                             catch_response=True) as response:
            self._expect(response, 200)

    @task(1)
    def api_write(self) -> None:
        name, template, body = _pick(WRITES)
        path = template.format(slug=SLUG)
        headers = {**_forwarded(path), "Authorization": f"Bearer {self.session_of['ceo'].person['token']}"}
        with self.client.post(path, json=body(next(Pool.counter)), headers=headers, name=name,
                              allow_redirects=False, timeout=30, catch_response=True) as response:
            self._expect(response, 201)


def smtp_sink(port: int):
    """A mail server on 127.0.0.1 that accepts every message and keeps none: the worker's notification emails go
    somewhere (production refuses a printing backend), so the queue is measured, not a refused connection."""
    from gevent.server import StreamServer

    def handle(sock, _address) -> None:
        stream = sock.makefile("rwb")
        stream.write(b"220 sink\r\n")
        stream.flush()
        in_data = False
        for raw in stream:
            if in_data:
                if raw in (b".\r\n", b".\n"):
                    in_data = False
                    stream.write(b"250 kept nowhere\r\n")
                    stream.flush()
                continue
            verb = raw[:4].upper()
            if verb == b"DATA":
                in_data = True
                stream.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                stream.write(b"221 bye\r\n")
                stream.flush()
                break
            elif verb == b"EHLO":
                stream.write(b"250 sink\r\n")
            else:
                stream.write(b"250 ok\r\n")
            stream.flush()
        sock.close()

    server = StreamServer(("127.0.0.1", port), handle)
    server.start()
    return server


def _pick(items: list):
    import random

    return items[random.randrange(len(items))]  # noqa: S311 (a load mix, not a secret)


# --- the run ---------------------------------------------------------------------------------------------

def prepare_paths(base: str, review_id: int) -> list[str]:
    """Keep the pages and API lists that answer 200 to their persona (warming every worker up on the way);
    returns the names dropped, with their status."""
    dropped = []
    Pool.pages = []
    for name, persona, template in PAGES:
        path = template.format(slug=SLUG, review_id=review_id)
        status = Pool.sessions[persona][0].request("GET", path).status_code
        if status == 200:
            Pool.pages.append((name, persona, path))
        else:
            dropped.append(f"{name} {status}")
    spec = json.loads(load.fetch(base, "GET", "/api/v1/openapi.json", headers=_forwarded("/")).text)
    Pool.api_reads = []
    prefix = "/api/v1/authorities/{authority_slug}/"
    for path, operations in sorted(spec["paths"].items()):
        if "get" in operations and path.startswith(prefix) and path.count("{") == 1:
            real = path.replace("{authority_slug}", SLUG)
            name = "api read:" + path[len(prefix):]
            status = Pool.sessions["ceo"][0].request("GET", real, api=True).status_code
            if status == 200:
                Pool.api_reads.append((name, real))
            else:
                dropped.append(f"{name} {status}")
    for _round in range(3):  # every gunicorn worker past its first requests (URLs, templates, catalogs)
        for _name, persona, path in Pool.pages:
            Pool.sessions[persona][0].request("GET", path)
    return dropped


def stats_row(entry) -> dict:
    count = entry.num_requests
    return {
        "requests": count,
        "failures": entry.num_failures,
        "error_rate": round(entry.num_failures / count, 4) if count else None,
        "req_per_s": round(count / max(entry.last_request_timestamp - entry.start_time, 1e-9), 1) if count else 0,
        "p50_ms": entry.get_response_time_percentile(0.5) if count else None,
        "p95_ms": entry.get_response_time_percentile(0.95) if count else None,
        "p99_ms": entry.get_response_time_percentile(0.99) if count else None,
        "max_ms": round(entry.max_response_time) if count else None,
    }


def task_queue(db_url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(db_url.split("?")[0], autocommit=True) as conn:
        rows = conn.execute("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status")
        return {status: count for status, count in rows.fetchall()}


def run_level(base: str, users: int, ramp: float, seconds: float, db_url: str, meter: load.CpuMeter,
              worker_pid: int) -> dict:
    env = Environment(user_classes=[CityUser], host=base, events=locust.events)
    runner = env.create_local_runner()
    loads: list[float] = []
    queue_before = task_queue(db_url)

    def sample() -> None:
        while True:
            loads.append(os.getloadavg()[0])
            gevent.sleep(1)

    runner.start(users, spawn_rate=users / max(ramp, 0.1))
    gevent.sleep(ramp + 2)
    env.stats.reset_all()  # measure the steady state only
    sampler = gevent.spawn(sample)
    started = time.time()
    cpu_before, worker_before = meter.snapshot(), load.proc_cpu_ms(worker_pid)
    gevent.sleep(seconds)
    spent = load.CpuMeter.spent(cpu_before, meter.snapshot())
    spent["worker"] = load.proc_cpu_ms(worker_pid) - worker_before
    total = env.stats.total
    row = stats_row(total)
    wall = time.time() - started
    row["req_per_s"] = round(total.num_requests / wall, 1)
    served = max(total.num_requests, 1)
    # CPU the site used (gunicorn workers + their PostgreSQL backends + the worker process), per request and as a
    # share of the machine: what the figures would be on an idle machine is bounded by these.
    row["cpu_ms_per_request"] = {side: round(ms / served, 1) for side, ms in spent.items()}
    row["site_cpu_cores_used"] = round(sum(spent.values()) / 1000 / wall, 2)
    kinds = {}
    for (name, _method), entry in sorted(env.stats.entries.items()):
        kinds[name] = stats_row(entry)
    errors = {f"{e.method} {e.name}: {e.error}": e.occurrences for e in env.stats.errors.values()}
    sampler.kill()
    runner.quit()
    queue_after = task_queue(db_url)
    gevent.sleep(1)
    return {
        "users": users,
        "seconds": seconds,
        "ramp_seconds": ramp,
        **row,
        "load_average_1min": {"min": round(min(loads), 2), "mean": round(sum(loads) / len(loads), 2),
                              "max": round(max(loads), 2)} if loads else None,
        "task_queue_before": queue_before,
        "task_queue_after": queue_after,
        "errors": errors,
        "by_kind": kinds,
    }


def cpu_cell(level: dict) -> str:
    cpu = level.get("cpu_ms_per_request")
    if not cpu:
        return "–"
    return f"{sum(cpu.values()):.1f} ({cpu['web']}+{cpu['db']}+{cpu['worker']})"


def markdown(result: dict) -> str:
    lines = [
        "| users | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | errors | error rate | CPU ms/request "
        "(web+db+worker) | site's cores used | load avg 1 min (min–mean–max) | target |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|",
    ]
    for level in result["levels"]:
        la = level["load_average_1min"] or {}
        target = ""
        if level["users"] == 50:
            target = "✓" if level["p95_ms"] is not None and level["p95_ms"] < 500 and level["failures"] == 0 else "✗"
            target += " p95 < 500 ms, 0 errors"
        lines.append(
            f"| {level['users']} | {level['req_per_s']} | {level['p50_ms']} | {level['p95_ms']} | {level['p99_ms']} | "
            f"{level['max_ms']} | {level['requests']} | {level['failures']} | {level['error_rate']:.2%} | "
            f"{cpu_cell(level)} | {level.get('site_cpu_cores_used')} | {la.get('min')}–{la.get('mean')}–{la.get('max')} | {target} |")
    lines.append("")
    lines.append(f"Measured {result['measured_at']} at commit {result['commit']} on {result['cpus']} CPUs shared with "
                 f"other work; {result['how']}")
    lines.append("")
    for level in result["levels"]:
        lines.append(f"Slowest request kinds at {level['users']} users (p95 ms · requests · failures):")
        slow = sorted(level["by_kind"].items(), key=lambda kv: -(kv[1]["p95_ms"] or 0))[:5]
        lines.append("; ".join(f"{name} {row['p95_ms']} · {row['requests']} · {row['failures']}" for name, row in slow))
        if level["errors"]:
            lines.append("Errors: " + "; ".join(f"{k} ×{v}" for k, v in list(level["errors"].items())[:8]))
        lines.append(f"Task queue after the run: {level['task_queue_after']}")
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="50,200", help="comma-separated concurrent user counts")
    parser.add_argument("--seconds", type=float, default=60.0, help="measured time per user count")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds to start all users")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--actions", type=int, default=3_000, help="lessons action items of the bench data")
    parser.add_argument("--sessions", type=int, default=10, help="logged-in people per persona")
    parser.add_argument("--port", type=int, default=8140)
    parser.add_argument("--quick", action="store_true", help="1,000 actions, 3 sessions per persona")
    parser.add_argument("--keep", action="store_true", help="keep the bench database (and reuse it with --reuse)")
    parser.add_argument("--reuse", action="store_true", help="reuse the database a --keep run left")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.actions, args.sessions = 1_000, 3

    db_url, db_name, admin_url = load.database_urls()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    env = {**load.server_env(db_url), "EMAIL_PORT": str(args.port + 1), "EMAIL_USE_TLS": "false"}
    # The site's database connections carry an application_name: their backends' CPU is counted (load.CpuMeter).
    application_name = f"loadtest-{args.port}"
    site_db_url = f"{db_url}{'&' if '?' in db_url else '?'}application_name={application_name}"
    sink = smtp_sink(args.port + 1)
    started = time.perf_counter()
    kept = GUNICORN_LOG.parent / f"loadtest-setup-{db_name}.json"
    if args.reuse and kept.exists():
        setup = json.loads(kept.read_text())
    else:
        load.admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        load.admin_sql(admin_url, f'CREATE DATABASE "{db_name}"')
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        child = subprocess.run([sys.executable, str(ROOT / "bench" / "load.py"), "--setup-child", "--actions",
                                str(args.actions), "--sessions", str(args.sessions)], cwd=ROOT, env=env, check=True,
                               capture_output=True, text=True)
        setup = json.loads(child.stdout)
        made = subprocess.run([sys.executable, "manage.py", "shell", "-c", NEIGHBOURHOOD], cwd=ROOT, env=env,
                              check=True, capture_output=True, text=True)
        setup["neighbourhood_id"] = int(made.stdout.strip().splitlines()[-1])
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps(setup))
    Pool.neighbourhood_id = setup["neighbourhood_id"]
    env["DATABASE_URL"] = site_db_url
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"data ready in {time.perf_counter() - started:.0f} s: {setup['counts']}", file=sys.stderr)

    server = worker = None
    levels = []
    dropped: list[str] = []
    login_seconds = 0.0
    try:
        GUNICORN_LOG.parent.mkdir(parents=True, exist_ok=True)
        server = load.start_gunicorn(env, args.port, workers=args.workers, log=GUNICORN_LOG)
        worker = subprocess.Popen([sys.executable, "manage.py", "run_worker", "--interval", "1"], cwd=ROOT, env=env,
                                  stdout=WORKER_LOG.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        meter = load.CpuMeter(server.pid, site_db_url, db_name, application_name)
        base = f"http://127.0.0.1:{args.port}"
        Pool.sessions = {persona: [load.Session(base, person) for person in setup["people"][persona]]
                         for persona in load.PERSONAS}
        login_started = time.perf_counter()
        for sessions in Pool.sessions.values():
            for session in sessions:
                session.login()  # the real login form and the two-factor form
        login_seconds = time.perf_counter() - login_started
        dropped = prepare_paths(base, setup["review_id"])
        if dropped:
            print("left out (not 200 for their persona): " + ", ".join(dropped), file=sys.stderr)
        for users in [int(u) for u in args.users.split(",")]:
            level = run_level(base, users, args.ramp, args.seconds, db_url, meter, worker.pid)
            levels.append(level)
            print(f"{users} users: {level['req_per_s']} req/s, p50 {level['p50_ms']} ms, p95 {level['p95_ms']} ms, "
                  f"p99 {level['p99_ms']} ms, {level['failures']}/{level['requests']} failed, load "
                  f"{level['load_average_1min']}, queue {level['task_queue_after']}", file=sys.stderr)
    finally:
        for process in (worker, server):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        sink.stop()
        if not args.keep:
            load.admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            kept.unlink(missing_ok=True)

    gunicorn_log = GUNICORN_LOG.read_text(errors="replace") if GUNICORN_LOG.exists() else ""
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "cpus": os.cpu_count(),
        "data": setup["counts"],
        "sessions_per_persona": args.sessions,
        "login_seconds_for_all_sessions": round(login_seconds, 1),
        "how": (f"gunicorn {args.workers} sync workers (MERHAV_ENV=production, DEBUG off) + `manage.py run_worker`, "
                f"PostgreSQL, loopback; locust {locust.__version__} in one process on the same machine, each user "
                "waiting 0.5–2 s between requests, ~60% web pages, ~30% API reads, ~10% API writes, "
                f"{args.ramp:g} s ramp then {args.seconds:g} s measured per level; bench/loadtest.py."),
        "left_out": dropped,
        "gunicorn_worker_timeouts": gunicorn_log.count("WORKER TIMEOUT"),
        "levels": levels,
    }
    table = markdown(result)
    print(table)
    if not args.no_write:
        RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        TABLE.write_text("# bench/loadtest.py — the production set-up under concurrent users\n\n" + table)
        print(f"wrote {RESULTS.relative_to(ROOT)} and {TABLE.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
