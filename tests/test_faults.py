"""Fault drills on PostgreSQL (`pytest -m faults`, with DATABASE_URL set; skipped on SQLite, whose database a
second process cannot share in a test): the real web server (gunicorn, 2 workers) and the real worker
(`manage.py run_worker`) run as processes on the test database.

1. The database goes away while the app serves requests and the worker runs tasks. The shared PostgreSQL server
   is never touched: the app and the worker reach it through a TCP proxy on 127.0.0.1 that the test cuts (every
   connection dropped, new ones refused) and restores — to the processes it is a restart. Then: the app answers
   again without being restarted (the same gunicorn workers), every task ran exactly once, and every record the
   API wrote is whole.
2. A worker killed (SIGKILL) in the middle of a task: a new worker takes the task back after its lease and does it,
   once.

No sleep is a threshold: every wait polls a condition until a bounded deadline.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from merhav.accounts.models import ApiToken
from merhav.audit.models import AuditEntry
from merhav.lessons.models import Event
from tests import fault_tasks

ROOT = Path(settings.BASE_DIR)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (a database two processes share)"),
    pytest.mark.django_db(transaction=True),
]


def until(condition, what: str, timeout: float = 120.0):
    """Poll `condition` until it is truthy (returned), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:g} s: {what}")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CuttableProxy:
    """A TCP proxy on 127.0.0.1 in front of PostgreSQL. cut(): every connection dropped and the port closed (new
    connections refused), as when the server restarts; restore(): the port open again."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets: set[socket.socket] = set()
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # the port was closed (cut)
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
            except OSError:
                pass
            listener.close()
        with self.lock:
            sockets, self.sockets = list(self.sockets), set()
        for end in sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()


def process_env(db_port: int, tmp_path: Path, **extra: str) -> dict[str, str]:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update({
        "DATABASE_URL": f"postgres://{params['USER']}{password}@127.0.0.1:{db_port}/{params['NAME']}",
        "MERHAV_ENV": "development",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "fault-drill-" + "k" * 60,
        "RATE_LIMIT_API": "1000000",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **extra,
    })
    return env


class Processes:
    """The processes a drill starts; all stopped (their whole process group) at the end."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.started.append(process)
        return process

    def worker(self, name: str, env: dict[str, str]) -> subprocess.Popen:
        return self.start(name, [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--no-periodic"],
                          env)

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def processes(tmp_path):
    running = Processes(tmp_path)
    yield running
    running.stop()


def call(port: int, method: str, path: str, body: dict | None = None, token: str = "",
         cookie: str = "") -> tuple[int, dict | str]:
    """One request to the web server; (0, reason) when it could not answer at all."""
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
    except OSError as error:
        return 0, str(error)
    finally:
        conn.close()
    try:
        return response.status, json.loads(text)
    except ValueError:
        return response.status, text


def gunicorn_workers(master: subprocess.Popen) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master.pid:
            found.add(int(stat.parent.name))
    return found


def results_of(ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in DBTaskResult.objects.filter(id__in=ids).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def test_the_app_and_the_worker_outlive_a_database_restart(processes, tmp_path, authority, make_user):
    ceo = make_user(authority=authority, role="ceo", email="ceo.faults@test.example")
    TOTPDevice.objects.create(user=ceo, name="phone", confirmed=True)
    _token, token = ApiToken.issue(user=ceo, name="fault drill")
    events_path = f"/api/v1/authorities/{authority.slug}/lessons/events"
    marks = tmp_path / "marks"
    marks.mkdir()

    params = connection.settings_dict
    proxy = CuttableProxy((params.get("HOST") or "127.0.0.1", int(params.get("PORT") or 5432)))
    env = process_env(proxy.port, tmp_path)
    port = free_port()
    web = processes.start("gunicorn", [sys.executable, "-m", "gunicorn", "-c", "python:merhav.gunicorn_conf",
                                       "merhav.wsgi:application"],
                          {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"})
    worker = processes.worker("worker", env)
    until(lambda: call(port, "GET", "/healthz")[0] == 200, "the site is up, its worker beating")
    web_workers = until(lambda: len(gunicorn_workers(web)) == 2 and gunicorn_workers(web), "2 gunicorn workers")

    # The worker works through a queue of tasks that query the database; the API takes writes.
    keys = [f"t{n}" for n in range(60)]
    ids = [str(fault_tasks.query_then_mark.enqueue(directory=str(marks), key=key).id) for key in keys]
    written: list[int] = []

    def write(n: int) -> int:
        status, body = call(port, "POST", events_path, {"title": f"אירוע {n}", "kind": "emergency",
                                                         "starts_on": "2026-11-30"}, token)
        if status == 201:
            written.append(body["id"])  # type: ignore[index]
        return status

    assert write(0) == 201
    until(lambda: len(list(marks.iterdir())) >= 5, "the worker is running tasks")

    proxy.cut()  # PostgreSQL "restarts": every connection dropped, new ones refused
    statuses_during_cut = [write(n) for n in range(1, 4)]
    assert statuses_during_cut == [503, 503, 503]  # an answer that says so, not a hang and not "something went wrong"
    # A person with a session (in the unreachable database) gets a page in their language (the language cookie).
    status, page = call(port, "GET", f"/a/{authority.slug}/",
                        cookie=f"{settings.SESSION_COOKIE_NAME}={'s' * 32}; {settings.LANGUAGE_COOKIE_NAME}=ar")
    assert status == 503 and "لا يستطيع مرحاف الوصول إلى قاعدة بياناته" in str(page), (status, page)
    until(lambda: "unreachable" in processes.log("worker"), "the worker notices the database is gone")
    assert worker.poll() is None, "the worker died with the database:\n" + processes.log("worker")[-3000:]
    proxy.restore()

    # Back: the same processes answer and finish the queue.
    until(lambda: write(100) == 201, "the API writes again")
    assert call(port, "GET", "/healthz")[0] == 200
    until(lambda: results_of(ids).get(TaskResultStatus.SUCCESSFUL) == len(ids),
          f"every task done (now {results_of(ids)})")
    assert worker.poll() is None and web.poll() is None
    assert gunicorn_workers(web) == web_workers, "gunicorn restarted its workers"

    # No task lost or done twice: one mark per task, every result SUCCESSFUL (a second run would have FAILED).
    assert sorted(p.name for p in marks.iterdir()) == sorted(f"done-{key}" for key in keys)
    assert results_of(ids) == {TaskResultStatus.SUCCESSFUL: len(ids)}
    # No half-written data: every event is whole (its audit entry written in the same transaction), and every
    # event the API confirmed is there.
    with scopes_disabled():
        events = {event.pk for event in Event.objects.filter(authority=authority)}
        audited = {int(pk) for pk in AuditEntry.objects.filter(object_type="lessons.event", action="create")
                   .values_list("object_id", flat=True)}
    assert set(written) <= events
    assert events == audited


def test_a_killed_workers_task_is_done_by_another_worker_once(processes, tmp_path):
    folder = tmp_path / "held"
    folder.mkdir()
    params = connection.settings_dict
    env = process_env(int(params.get("PORT") or 5432), tmp_path, TASK_LEASE_SECONDS="2")
    result = fault_tasks.hold_until_released.enqueue(directory=str(folder), key="the-task")

    first = processes.worker("worker-1", env)
    until(lambda: (folder / f"started-{first.pid}").exists(), "the first worker is in the middle of the task")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.RUNNING  # left behind by the dead

    (folder / "release").write_text("go")
    second = processes.worker("worker-2", env)
    until(lambda: DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL,
          "another worker reclaims the task after its lease and does it")
    assert (folder / f"started-{second.pid}").exists()
    assert [p.name for p in folder.glob("done-*")] == ["done-the-task"]
    row = DBTaskResult.objects.get(id=result.id)
    assert len(row.worker_ids) == 2 and row.worker_ids[0] != row.worker_ids[1]
    assert "Reclaimed 1 task(s)" in processes.log("worker-2")
