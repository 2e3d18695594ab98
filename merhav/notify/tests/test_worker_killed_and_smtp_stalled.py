"""The real worker, as separate processes on a database file, against fake mail servers on 127.0.0.1:

- a worker killed (SIGKILL) while it sends an email: another worker reclaims the task once its lease has
  passed, and the email is delivered exactly once;
- a mail server that accepts the connection and never answers: the worker gives up after EMAIL_TIMEOUT
  instead of hanging, the attempt is retried, and the email is delivered exactly once.

Waits are for conditions, each bounded (a worker that hangs fails the test instead of hanging the run).
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest
from django.conf import settings

from .smtp_fakes import recording_smtp_server, stalled_smtp_server

BOUND = 120  # seconds: only ever reached when something is broken

SETUP = """
from merhav.accounts.models import User
from merhav.notify.services import send_notification
user = User.objects.create_user(email="noa.cohen@city.example", password="a-long-password-2026",
                                full_name="Noa Cohen", language="en")
send_notification(recipient=user, kind="test", title="Check the sirens", url="/notifications/")
"""

RETRY_NOW = """
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
"""


def base_env(database: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_ALLOW_ASYNC"))}
    env.update({"DJANGO_SETTINGS_MODULE": "merhav.settings", "DATABASE_URL": f"sqlite:///{database}",
                "MERHAV_ENV": "development", "DEBUG": "false"})
    return env


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, **{"timeout": BOUND, **kwargs})


def shell(env: dict, code: str) -> str:
    result = manage(env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout


def mail_env(env: dict, port: int, *, lease: int, timeout: int) -> dict:
    return {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "EMAIL_USE_TLS": "false",
            "TASK_LEASE_SECONDS": str(lease), "EMAIL_TIMEOUT": str(timeout)}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    path = tmp_path_factory.mktemp("worker-db") / "db.sqlite3"
    result = manage(base_env(str(path)), "migrate", "--noinput", timeout=600)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def env(migrated, tmp_path):
    """A fresh copy of the migrated database with one notification whose email is queued."""
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated, database)
    env = base_env(str(database))
    shell(env, SETUP)
    return env


def state(env: dict) -> dict:
    """What the database file says now (read directly: starting Django for each look would be slow)."""
    with closing(sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"), timeout=BOUND)) as db:
        status, attempts, last_error = db.execute(
            "SELECT status, attempts, last_error FROM notify_emaildelivery").fetchone()
        tasks = sorted(row[0] for row in db.execute("SELECT status FROM django_tasks_database_dbtaskresult"))
    return {"delivery": status, "attempts": attempts, "last_error": last_error, "tasks": tasks}


def test_a_killed_worker_loses_no_email_and_none_is_sent_twice(env):
    with stalled_smtp_server() as stalled, recording_smtp_server() as recording:
        first = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--no-periodic"],
            env=mail_env(env, stalled.port, lease=3600, timeout=3600), cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            # The worker has claimed the task and waits inside the SMTP conversation.
            assert stalled.connected.wait(BOUND), "the first worker never tried to send"
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(BOUND)
        assert state(env) == {"delivery": "sending", "attempts": 1, "last_error": "", "tasks": ["RUNNING"]}

        second = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--no-periodic"],
            env=mail_env(env, recording.port, lease=1, timeout=10), cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        try:
            assert recording.connected.wait(BOUND), "the orphaned task was never reclaimed"
            for _ in range(BOUND * 10):  # poll: the row says SENT right after the server's "250"
                if state(env)["delivery"] == "sent":
                    break
                time.sleep(0.1)
        finally:
            second.send_signal(signal.SIGTERM)
            _out, errors = second.communicate(timeout=BOUND)
        assert second.returncode == 0, errors
        assert "Reclaimed 1 task(s)" in errors

        # One more round of a worker finds nothing left to send.
        assert manage(mail_env(env, recording.port, lease=1, timeout=10), "run_worker", "--batch",
                      "--no-periodic").returncode == 0
        final = state(env)
    assert len(recording.messages) == 1
    message = recording.messages[0]
    assert message["To"] == "noa.cohen@city.example"
    assert message["Message-ID"].startswith("<merhav.notification.")
    assert final == {"delivery": "sent", "attempts": 2, "last_error": "", "tasks": ["SUCCESSFUL"]}


def test_a_silent_mail_server_does_not_hold_the_worker_and_the_email_goes_out_once(env):
    with stalled_smtp_server() as stalled, recording_smtp_server() as recording:
        # Without a timeout the worker would wait for the greeting for ever: the bound fails the test.
        result = manage(mail_env(env, stalled.port, lease=3600, timeout=1), "run_worker", "--batch",
                        "--no-periodic")
        assert result.returncode == 0, result.stderr
        assert stalled.connected.is_set()
        after_stall = state(env)
        assert after_stall["delivery"] == "failed"
        assert after_stall["last_error"] in {"SMTPServerDisconnected", "TimeoutError"}
        assert after_stall["tasks"] == ["FAILED", "READY"]  # the attempt failed; the next one waits

        shell(env, RETRY_NOW)  # the back-off has passed
        result = manage(mail_env(env, recording.port, lease=3600, timeout=10), "run_worker", "--batch",
                        "--no-periodic")
        assert result.returncode == 0, result.stderr
        final = state(env)
    assert len(recording.messages) == 1
    assert final["delivery"] == "sent" and final["tasks"] == ["FAILED", "SUCCESSFUL"]
