"""Load benchmark: the production set-up under concurrent logged-in sessions, measured in CPU per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merhav .venv/bin/python bench/load.py
    DATABASE_URL=... .venv/bin/python bench/load.py --quick            # a smoke run: small data, ~1 minute
    DATABASE_URL=... .venv/bin/python bench/load.py --label after --seconds 6 --only lessons:oversight

What it does, all on loopback and bounded in time:
1. On the PostgreSQL server of DATABASE_URL, a database named after the URL's with "_load" appended is dropped
   and created, migrated, and filled with bench/lessons_data.py (default 10,000 action items; the worker's
   lessons analysis stored, as the worker would after a change), plus
   `--sessions` people per persona (CEO, auditor, department head) with a password, a confirmed TOTP device
   and a personal API token each.
2. gunicorn starts as in production (MERHAV_ENV=production, DEBUG off, 2 sync workers, collected static
   files), on 127.0.0.1:--port, with a thin WSGI wrapper (bench/load_wsgi.py) that adds the number of SQL
   statements of each request (and how many of them wrote) as response headers.
3. Every session logs in through the real login form and the two-factor form (a TOTP code computed here).
4. Each page and API list is driven at concurrency 1 and 10 (threads, one session each, round robin) for
   `--seconds`. CPU per request = (CPU of the gunicorn workers + CPU of the database's client backends,
   both from /proc, utime + stime) / requests. The load generator's own CPU is not counted.
5. bench/results/load.json keeps one entry per --label (e.g. "before", "after"), and a Markdown table
   goes to bench/results/load.md and stdout, with the machine's load average beside each figure.

CPU milliseconds per request is the figure to read: req/s and latency depend on what else the machine runs;
CPU per request much less so (it still rises a little under contention: caches are shared).
This is not a test: it has no pass/fail, but it prints each page's budget beside its figure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "load.json"
TABLE = ROOT / "bench" / "results" / "load.md"
LOG = ROOT / "bench" / "results" / "load-gunicorn.tmp"  # gunicorn's error log of the last run
sys.path.insert(0, str(ROOT))
CLK_TCK = os.sysconf("SC_CLK_TCK")
PASSWORD = "bench-load-password-2026"  # noqa: S105 (a throwaway database on loopback)
SLUG = "bench-city"

# (name, persona, path, budget in CPU ms per request). {slug}, {review_id} are filled in.
PAGES = [
    ("tenancy:dashboard", "ceo", "/a/{slug}/", 20),
    ("lessons:index", "ceo", "/a/{slug}/lessons/", 15),
    ("lessons:event_list", "ceo", "/a/{slug}/lessons/events/", 15),
    ("lessons:review_detail", "ceo", "/a/{slug}/lessons/reviews/{review_id}/", 15),
    ("lessons:my_actions", "department_head", "/a/{slug}/lessons/actions/mine/", 15),
    ("lessons:department_actions", "department_head", "/a/{slug}/lessons/actions/department/", 15),
    ("lessons:library", "ceo", "/a/{slug}/lessons/library/", 15),
    ("lessons:oversight", "auditor", "/a/{slug}/lessons/oversight/", 30),
    ("lessons:recurring", "auditor", "/a/{slug}/lessons/recurring/", 30),
    ("api:reviews", "ceo", "/api/v1/authorities/{slug}/lessons/reviews", 10),
    ("api:actions", "ceo", "/api/v1/authorities/{slug}/lessons/actions", 10),
    ("api:events", "ceo", "/api/v1/authorities/{slug}/lessons/events", 10),
    ("api:lessons", "ceo", "/api/v1/authorities/{slug}/lessons/lessons", 10),
]
PERSONAS = ("ceo", "auditor", "department_head")


# --- the database and its data ---------------------------------------------------------------------------

def database_urls() -> tuple[str, str, str]:
    """(the bench database's URL, its name, the server's maintenance URL)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/load.py measures the production set-up: set DATABASE_URL to a PostgreSQL server, "
                         "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/merhav")
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'merhav'}_load"
    return (urlunsplit(parts._replace(path=f"/{name}")), name, urlunsplit(parts._replace(path="/postgres")))


def admin_sql(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def server_env(db_url: str, static_root: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update({
        "DATABASE_URL": db_url,
        "MERHAV_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": "bench-load-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_HOST": "127.0.0.1",  # production refuses a printing email backend; nothing is sent here
        "RATE_LIMIT_API": "1000000",  # still counted on every call, never refused during the run
        "RATE_LIMIT_LOGIN": "1000",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    })
    return env


def setup_data(actions: int, sessions: int) -> dict:
    """Run in a child process (Django configured): the lessons data and the bench people. Returns what the
    load generator needs: per persona, (email, TOTP key, API token) of each session; a review id."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_scopes import scopes_disabled

    from bench.lessons_data import Sizes, generate
    from merhav.accounts.models import ApiToken
    from merhav.lessons.models import Review
    from merhav.tenancy.models import Membership
    from merhav.tenancy.roles import Role

    data = generate(Sizes(actions=actions), slug=SLUG, stdout=sys.stderr)
    from merhav.lessons import analysis

    analysis.refresh(data.authority.pk)  # what the worker does after a change (the data went in in bulk)
    User = get_user_model()
    roles = {"ceo": Role.CEO, "auditor": Role.AUDITOR, "department_head": Role.DEPARTMENT_HEAD}
    out: dict = {"people": {}, "counts": data.counts}
    with scopes_disabled(), transaction.atomic():
        department = Membership.objects.get(user=data.department_head, authority=data.authority).department
        hasher_user = User(email="x@bench.example")
        hasher_user.set_password(PASSWORD)
        password_hash = hasher_user.password  # one PBKDF2 run for every bench person
        for persona, role in roles.items():
            people = []
            for n in range(sessions):
                user = User.objects.create(email=f"load-{persona}-{n}@bench.example", full_name=f"עומס {n}",
                                           language="he", password=password_hash)
                Membership.objects.create(authority=data.authority, user=user, role=role, department=department)
                key = f"{n:02d}{persona[:4].encode().hex()}".ljust(40, "7")[:40]
                TOTPDevice.objects.create(user=user, name="bench", key=key, confirmed=True)
                _token, raw = ApiToken.issue(user=user, name="bench")
                people.append({"email": user.email, "key": key, "token": raw})
            out["people"][persona] = people
        review = (Review.objects.filter(authority=data.authority, status="completed")
                  .order_by("-meeting_date").first())
        out["review_id"] = review.pk
    return out


# --- CPU from /proc ---------------------------------------------------------------------------------------

def proc_cpu_ms(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / CLK_TCK


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class CpuMeter:
    """CPU of the gunicorn workers and of the bench database's client backends (not this process's own)."""

    def __init__(self, master_pid: int, db_url: str, db_name: str, application_name: str):
        import psycopg

        self.master_pid = master_pid
        self.db_name = db_name
        self.application_name = application_name
        self.conn = psycopg.connect(db_url.split("?")[0], autocommit=True)

    def backends(self) -> list[int]:
        rows = self.conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend' "
            "AND application_name = %s AND pid <> pg_backend_pid()", [self.db_name, self.application_name]).fetchall()
        return [row[0] for row in rows]

    def snapshot(self) -> dict[str, dict[int, float]]:
        return {"web": {pid: proc_cpu_ms(pid) for pid in children_of(self.master_pid)},
                "db": {pid: proc_cpu_ms(pid) for pid in self.backends()}}

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float]:
        # A process that appeared during the window counts from zero; one that left takes its CPU with it
        # (rare here: persistent connections, no worker restarts).
        return {side: sum(ms - before[side].get(pid, 0.0) for pid, ms in after[side].items()) for side in after}


# --- HTTP sessions ----------------------------------------------------------------------------------------

@dataclass
class Answer:
    status_code: int
    headers: dict[str, str]
    cookies: list[str]
    text: str


def fetch(base: str, method: str, path: str, body: str | None = None, headers: dict | None = None,
          timeout: float = 60) -> Answer:
    """One HTTP request on a new connection (gunicorn's sync workers close each one), no redirects followed."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                      response.headers.get_all("Set-Cookie") or [], text)
    finally:
        connection.close()


class Session:
    """A logged-in browser: cookies kept by hand (production cookies are Secure and __Host-; the requests are
    plain HTTP on loopback with X-Forwarded-Proto: https, as behind the TLS proxy)."""

    CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base: str, person: dict):
        self.base = base
        self.person = person
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, data=None, api=False) -> Answer:
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", "Referer": f"https://127.0.0.1{path}"}
        if api:
            headers["Authorization"] = f"Bearer {self.person['token']}"
        elif self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = fetch(self.base, method, path, body, headers)
        if not api:
            for header in answer.cookies:
                cookie = SimpleCookie()
                cookie.load(header)
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return answer

    def login(self) -> None:
        from django_otp.oath import totp

        page = self.request("GET", "/login/")
        csrf = self.CSRF.search(page.text).group(1)
        answer = self.request("POST", "/login/", data={"csrfmiddlewaretoken": csrf, "username": self.person["email"],
                                                        "password": PASSWORD})
        if answer.status_code != 302:
            raise SystemExit(f"login of {self.person['email']} answered {answer.status_code}")
        page = self.request("GET", "/account/2fa/verify/")
        csrf = self.CSRF.search(page.text).group(1)
        code = f"{totp(bytes.fromhex(self.person['key']), step=30, t0=0, digits=6):06d}"
        answer = self.request("POST", "/account/2fa/verify/", data={"csrfmiddlewaretoken": csrf, "otp_token": code})
        if answer.status_code != 302:
            raise SystemExit(f"two-factor of {self.person['email']} answered {answer.status_code}")


# --- measuring --------------------------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def drive(sessions: list[Session], path: str, api: bool, concurrency: int, seconds: float, meter: CpuMeter) -> dict:
    latencies: list[float] = []
    queries: list[int] = []
    writes: list[int] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def worker(n: int) -> None:
        turn = n
        while time.perf_counter() < stop:
            session = sessions[turn % len(sessions)]
            turn += concurrency
            started = time.perf_counter()
            response = session.request("GET", path, api=api)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                queries.append(int(response.headers.get("x-bench-queries", -1)))
                writes.append(int(response.headers.get("x-bench-writes", -1)))

    for n in range(2 * concurrency):  # warm-up: every session's first request of this page
        sessions[n % len(sessions)].request("GET", path, api=api)
    load_before = os.getloadavg()[0]
    stop = time.perf_counter() + seconds  # after the warm-up, which a busy machine can make long
    before = meter.snapshot()
    wall = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall
    spent = CpuMeter.spent(before, meter.snapshot())
    count = len(latencies)
    return {
        "concurrency": concurrency,
        "requests": count,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "req_per_s": round(count / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "cpu_ms_per_request": round((spent["web"] + spent["db"]) / count, 1),
        "web_cpu_ms_per_request": round(spent["web"] / count, 1),
        "db_cpu_ms_per_request": round(spent["db"] / count, 1),
        "queries_per_request": statistics.median(queries),
        "writes_per_request": statistics.median(writes),
        "load_average_1min": round((load_before + os.getloadavg()[0]) / 2, 2),
    }


def start_gunicorn(env: dict, port: int, cwd: Path = ROOT, workers: int = 2, log: Path = LOG) -> subprocess.Popen:
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is taken: another server would answer; pick one with --port")
    command = [sys.executable, "-m", "gunicorn", "-c", "python:merhav.gunicorn_conf", "bench.load_wsgi:application"]
    server = subprocess.Popen(command, cwd=cwd, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}",
                                                    "GUNICORN_WORKERS": str(workers)},
                              stdout=subprocess.DEVNULL, stderr=log.open("w"), start_new_session=True)
    for _ in range(300):
        try:
            fetch(f"http://127.0.0.1:{port}", "GET", "/healthz", headers={"X-Forwarded-Proto": "https"}, timeout=20)
            return server
        except OSError:
            if server.poll() is not None:
                os.killpg(server.pid, signal.SIGTERM)
                raise SystemExit("gunicorn did not start:\n" + log.read_text()[-3000:]) from None
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not answer in time")


def run_entry(server: Server, setup: dict, args, concurrency: list[int]) -> dict:
    loads = [f["load_average_1min"] for page in server.pages.values() for f in page["figures"]]
    run = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": server.commit,
        "data": setup["counts"],
        "sessions": args.sessions,
        "seconds": args.seconds,
        "concurrency": concurrency,
        "cpus": os.cpu_count(),
        "load_average_range": [min(loads), max(loads)] if loads else [None, None],
        "how": "gunicorn 2 sync workers, MERHAV_ENV=production, PostgreSQL, loopback; CPU = gunicorn workers + "
               "PostgreSQL client backends from /proc (utime+stime), divided by requests; bench/load.py"
               + (f" --compare {args.compare} (interleaved cells on the same data)" if args.compare else ""),
        "pages": server.pages,
    }
    if args.quick:
        run["quick"] = True
    return run


def checkout(revision: str) -> tuple[Path, str]:
    """A detached worktree of `revision` beside this one, with this benchmark's WSGI wrapper in it."""
    import tempfile

    commit = subprocess.run(["git", "rev-parse", "--short", revision], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    tree = Path(tempfile.mkdtemp(prefix="merhav-load-")) / commit
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True,
                   capture_output=True)
    (tree / "bench" / "load_wsgi.py").write_text((ROOT / "bench" / "load_wsgi.py").read_text())
    return tree, commit


class Server:
    """One gunicorn of one checkout, its CPU meter (its own workers and database backends) and its figures."""

    def __init__(self, name: str, tree: Path, commit: str, port: int, env: dict, db_url: str):
        self.name, self.tree, self.commit, self.port = name, tree, commit, port
        self.base = f"http://127.0.0.1:{port}"
        # The backends of this server's workers are told apart by their application_name.
        separator = "&" if "?" in db_url else "?"
        self.db_url = f"{db_url}{separator}application_name=bench-{port}"
        self.env = {**env, "DATABASE_URL": self.db_url, "PYTHONPATH": str(tree)}
        self.pages: dict[str, dict] = {}
        self.process: subprocess.Popen | None = None
        self.meter: CpuMeter

    def start(self, db_name: str) -> None:
        if self.tree != ROOT:
            subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=self.tree,
                           env=self.env, check=True)
        self.process = start_gunicorn(self.env, self.port, cwd=self.tree)
        self.meter = CpuMeter(self.process.pid, self.db_url, db_name, f"bench-{self.port}")

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.meter.conn.close()


def markdown(results: dict) -> str:
    """One table: each page's CPU ms per request (web + database) per label and concurrency, with budgets."""
    labels = list(results["runs"])
    lines = ["| page | budget | " + " | ".join(
        f"{label} c={c} CPU ms (web+db) · q · req/s" for label in labels for c in results["runs"][label]["concurrency"])
        + " |", "|---|---:|" + "---:|" * sum(len(results["runs"][label]["concurrency"]) for label in labels)]
    names = []
    for label in labels:
        for name in results["runs"][label]["pages"]:
            if name not in names:
                names.append(name)
    for name in names:
        cells = []
        budget = ""
        for label in labels:
            run = results["runs"][label]
            page = run["pages"].get(name)
            for c in run["concurrency"]:
                figure = page and next((f for f in page["figures"] if f["concurrency"] == c), None)
                if not figure:
                    cells.append("–")
                    continue
                budget = page["budget_ms"]
                mark = "✓" if figure["cpu_ms_per_request"] <= budget else "✗"
                cells.append(f"{figure['cpu_ms_per_request']} ({figure['web_cpu_ms_per_request']}+"
                             f"{figure['db_cpu_ms_per_request']}) {mark} · {figure['queries_per_request']:g} · "
                             f"{figure['req_per_s']}")
        lines.append(f"| {name} | {budget} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Each cell: CPU ms per request (web workers + PostgreSQL backends) ✓/✗ against the budget · SQL "
                 "queries per request · requests per second.")
    lines.append("")
    for label in labels:
        run = results["runs"][label]
        lines.append(f"- {label}: {run['measured_at']}, commit {run['commit']}, {run['data']['actionitem']} action "
                     f"items, {run['sessions']} sessions per persona, {run['seconds']} s per cell, load average "
                     f"{run['load_average_range'][0]}–{run['load_average_range'][1]} on {run['cpus']} CPUs."
                     + (f" {run['note']}" if run.get("note") else ""))
        for again in run.get("measured_again", []):
            lines.append(f"  - measured again at commit {again['commit']} ({again['measured_at']}, load average "
                         f"{again['load_average_range'][0]}–{again['load_average_range'][1]}): "
                         f"{', '.join(again['pages'])}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=10, help="logged-in sessions per persona")
    parser.add_argument("--seconds", type=float, default=6.0, help="measuring time per page and concurrency")
    parser.add_argument("--concurrency", default="1,10")
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--label", default="latest", help="the entry of load.json to write, e.g. before/after")
    parser.add_argument("--only", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1,000 actions, 3 sessions, 1.5 s cells")
    parser.add_argument("--keep", action="store_true", help="keep the database (and reuse it with --reuse)")
    parser.add_argument("--reuse", action="store_true", help="reuse the database a --keep run left")
    parser.add_argument("--compare", default="", metavar="REVISION",
                        help="also run REVISION's code (a git worktree) on the same data, the two servers taking "
                             "turns on every cell: a fair before/after on a busy machine")
    parser.add_argument("--merge", action="store_true",
                        help="put the measured pages into the existing entries of --label (e.g. pages measured "
                             "again with --only) instead of replacing them")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--setup-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.actions, args.sessions, args.seconds, args.concurrency = 1_000, 3, 1.5, "1,3"
    if args.setup_child:
        print(json.dumps(setup_data(args.actions, args.sessions)))
        return 0

    db_url, db_name, admin_url = database_urls()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()  # the code the server runs (read before it starts)
    env = server_env(db_url)
    people_file = ROOT / "bench" / "results" / f"load-people-{db_name}.tmp"
    started = time.perf_counter()
    if not (args.reuse and people_file.exists()):
        admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        admin_sql(admin_url, f'CREATE DATABASE "{db_name}"')
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        child = subprocess.run([sys.executable, __file__, "--setup-child", "--actions", str(args.actions),
                                "--sessions", str(args.sessions)], cwd=ROOT, env=env, check=True,
                               capture_output=True, text=True)
        people_file.write_text(child.stdout)
    setup = json.loads(people_file.read_text())
    # The planner's statistics, as autovacuum keeps them in production: on a server with autovacuum off (this
    # machine's), or before it wakes, fresh tables are planned as empty, and the pages' database CPU was 10-25x
    # what it is (the reviews index's counts: 15 ms instead of 0.6 ms; the API's page of ids sorted all 10,000
    # actions: 31 ms instead of 0.1 ms).
    admin_sql(db_url, "ANALYZE")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"data ready in {time.perf_counter() - started:.0f} s: {setup['counts']}", file=sys.stderr)

    servers = [Server("this", ROOT, commit, args.port, env, db_url)]
    other_tree = None
    if args.compare:
        other_tree, other_commit = checkout(args.compare)
        servers.append(Server(args.compare, other_tree, other_commit, args.port + 1, env, db_url))
    try:
        for server in servers:
            server.start(db_name)
        base = f"http://127.0.0.1:{args.port}"
        sessions = {persona: [Session(base, person) for person in setup["people"][persona]] for persona in PERSONAS}
        for persona_sessions in sessions.values():
            for session in persona_sessions:
                session.login()  # the sessions are rows of the shared database: every server takes them
        concurrency = [int(c) for c in args.concurrency.split(",")]
        only = {name for name in args.only.split(",") if name}
        for server in servers:  # every worker of every server past its first requests (URLs, templates, catalogs)
            for name, persona, template, _budget in PAGES:
                if not only or name in only:
                    path = template.format(slug=SLUG, review_id=setup["review_id"])
                    for session in sessions[persona][:4]:
                        session.base = server.base
                        session.request("GET", path, api=name.startswith("api:"))
        for n, (name, persona, template, budget) in enumerate(PAGES):
            if only and name not in only:
                continue
            path = template.format(slug=SLUG, review_id=setup["review_id"])
            api = name.startswith("api:")
            # With --compare the servers take turns on each cell (ABBA over the pages), so both see the same
            # neighbours' load.
            order = servers if n % 2 == 0 else servers[::-1]
            figures: dict[str, list] = {server.name: [] for server in servers}
            for c in concurrency:
                for server in order:
                    for session in sessions[persona]:
                        session.base = server.base
                    figures[server.name].append(drive(sessions[persona], path, api, c, args.seconds, server.meter))
            for server in servers:
                server.pages[name] = {"path": path, "persona": persona, "budget_ms": budget,
                                      "figures": figures[server.name]}
                print(f"{name:28} {server.name[:10]:10} " + "  ".join(
                    f"c={f['concurrency']}: {f['cpu_ms_per_request']:6.1f} CPU ms ({f['web_cpu_ms_per_request']}+"
                    f"{f['db_cpu_ms_per_request']}) {f['queries_per_request']:g} q {f['writes_per_request']:g} w "
                    f"{f['req_per_s']:6.1f} req/s p95 {f['p95_ms']} ms {f['statuses']} load {f['load_average_1min']}"
                    for f in figures[server.name]), file=sys.stderr)
    finally:
        for server in servers:
            server.stop()
        if other_tree is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(other_tree)], cwd=ROOT, check=False)
        if not args.keep:
            admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            people_file.unlink(missing_ok=True)

    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"runs": {}}
    for server in servers:
        label = args.label if server.name == "this" else f"{args.label} ({server.name})"
        entry = run_entry(server, setup, args, concurrency)
        if args.merge and label in results["runs"]:
            kept = results["runs"][label]
            kept["pages"].update(entry["pages"])
            kept.setdefault("measured_again", []).append(
                {"pages": sorted(entry["pages"]), "measured_at": entry["measured_at"], "commit": entry["commit"],
                 "load_average_range": entry["load_average_range"]})
            entry = kept
        results["runs"][label] = entry
    table = markdown(results)
    print(table)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        TABLE.write_text("# bench/load.py — CPU milliseconds per request\n\n" + table)
        print(f"wrote {RESULTS.relative_to(ROOT)} and {TABLE.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
