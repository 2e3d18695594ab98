"""/healthz: 200 when the database answers and a worker's heartbeat is fresh; 503 otherwise."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import time_machine
from django.conf import settings
from django.urls import reverse

from merhav.notify.models import WorkerHeartbeat

NOW = dt.datetime(2026, 1, 20, 10, 0, tzinfo=dt.UTC)
URL = reverse("ui:healthz")


@time_machine.travel(NOW, tick=False)
def test_healthy(client, run_tasks):
    run_tasks()  # a worker loop writes its heartbeat
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "worker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_no_worker_ever_seen(client, db):
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "never seen"


def test_stale_heartbeat(client, db, settings):
    with time_machine.travel(NOW, tick=False) as clock:
        WorkerHeartbeat.objects.create(worker_id="w1", seen_at=NOW)
        clock.shift(dt.timedelta(seconds=settings.MERHAV_WORKER_HEARTBEAT_MAX_AGE - 1))
        assert client.get(URL).status_code == 200
        clock.shift(dt.timedelta(seconds=2))
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stale"


def test_the_freshest_of_several_workers_counts(client, db):
    with time_machine.travel(NOW, tick=False):
        WorkerHeartbeat.objects.create(worker_id="old", seen_at=NOW - dt.timedelta(hours=3))
        WorkerHeartbeat.objects.create(worker_id="new", seen_at=NOW - dt.timedelta(seconds=5))
        assert client.get(URL).status_code == 200


def test_anonymous_needs_no_login_and_learns_nothing_else(client, db):
    body = client.get(URL).json()
    assert set(body) == {"status", "checks"}


def test_database_unreachable_is_503():
    """A real unreachable database (nothing listens on port 9 of localhost), in a separate process."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "merhav.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing",
        "LOG_LEVEL": "CRITICAL",
    }
    env.pop("MERHAV_ENV", None)
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=Path(settings.BASE_DIR),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"status": 503, "body": {"status": "fail", "checks": {"database": "unreachable"}}}
