#!/usr/bin/env python3
"""Command one: set Merhav up and run it — the web server and the background worker side by side.

    python3 scripts/run.py            # http://127.0.0.1:8000, Ctrl-C stops both processes

On a fresh machine with Python 3.11+ it creates .venv, installs exactly the lock requirements.txt (hash-checked),
migrates the database (SQLite in db.sqlite3 unless DATABASE_URL is set), creates the cache table, collects static
files, loads the demo (idempotent) and starts `manage.py runserver` and `manage.py run_worker`.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from _bootstrap import ROOT, ensure_venv, manage, say

DEMO_USERS = "ceo@givat-zamir.example / staff@givat-zamir.example ... (see README.md)"


def prepare(python, load_demo: bool) -> None:
    say("Migrating the database ...")
    manage(python, "migrate", "--noinput", "-v", "0")
    manage(python, "collectstatic", "--noinput", "-v", "0")
    if load_demo:
        say("Loading the demo (idempotent) ...")
        manage(python, "load_demo")


def start(command: list[str]) -> subprocess.Popen:
    # Each child gets its own process group, so stopping it also stops runserver's autoreload child.
    return subprocess.Popen(  # noqa: S603 - our own commands
        command, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=(os.name != "nt")
    )


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            if os.name == "nt":
                process.terminate()
            else:
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            if os.name == "nt":
                process.kill()
            else:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def site_url(host: str, port: int, environ=os.environ) -> str:
    """The address links in emails and calendar files point to: SITE_URL when it is set, else this server
    on the port it actually runs on (a server on all interfaces is reached at 127.0.0.1)."""
    if environ.get("SITE_URL"):
        return environ["SITE_URL"]
    reachable = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104 - a comparison, not a bind
    if ":" in reachable:
        reachable = f"[{reachable}]"
    return f"http://{reachable}:{port}"


def serve(python, host: str, port: int) -> int:
    # The web server and the worker (which sends the emails) both build links from it.
    os.environ["SITE_URL"] = site_url(host, port)
    web = start([str(python), "manage.py", "runserver", f"{host}:{port}"])
    worker = start([str(python), "manage.py", "run_worker"])
    processes = [web, worker]
    say(f"Merhav runs on http://{host}:{port}/  (web pid {web.pid}, worker pid {worker.pid}). Ctrl-C stops both.")
    say(f"Demo users: {DEMO_USERS}; password merhav-demo-2026. Two-factor code: "
        ".venv/bin/python manage.py demo_otp EMAIL")

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started from a script with SIGINT ignored
    try:
        while True:
            for process in processes:
                code = process.poll()
                if code is not None:
                    name = "web server" if process is web else "worker"
                    say(f"The {name} stopped (exit code {code}); stopping the other process.")
                    return code or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        say("Stopping the web server and the worker ...")
        return 0
    finally:
        stop(processes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo authorities and users")
    parser.add_argument("--prepare-only", action="store_true", help="set everything up, then exit without serving")
    args = parser.parse_args()
    python = ensure_venv("requirements.txt")
    prepare(python, load_demo=not args.no_demo)
    if args.prepare_only:
        say("Ready.")
        return 0
    return serve(python, args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
