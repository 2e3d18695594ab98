"""The background worker: runs queued tasks, enqueues periodic jobs and writes a heartbeat.

Built on django-tasks-db's worker (which claims tasks with row locks, so several workers can run side
by side); this loop adds what that worker lacks: a heartbeat for /healthz and periodic jobs.
"""

import os
import socket
import time
from collections.abc import Iterable

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.management.commands.db_worker import Worker

from merhav.core.tasks import PERIODIC_JOBS, PeriodicJob
from merhav.notify.models import WorkerHeartbeat


def enqueue_due_periodic_jobs(jobs: Iterable[PeriodicJob] | None = None) -> list[str]:
    """Enqueue each periodic job whose interval has passed. The shared cache makes it once per
    interval across all workers (cache.add is atomic: only one worker adds the key)."""
    enqueued = []
    for job in PERIODIC_JOBS if jobs is None else jobs:
        key = f"periodic:{job.task.module_path}"
        if cache.add(key, timezone.now().isoformat(), timeout=int(job.every.total_seconds())):
            job.task.enqueue()
            enqueued.append(job.task.name)
    return enqueued


class Command(BaseCommand):
    help = "Run the background worker (tasks, periodic jobs, heartbeat)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds to sleep when idle.")
        parser.add_argument("--batch", action="store_true", help="Run what is due now, then exit.")
        parser.add_argument("--no-periodic", action="store_true", help="Do not enqueue periodic jobs.")

    def handle(self, *args, interval: float, batch: bool, no_periodic: bool, **options):
        # Every app's tasks.py registers its periodic jobs on import; make sure all are imported.
        autodiscover_modules("tasks")
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        started = timezone.now()
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        if not batch:
            self.stdout.write(f"Worker {worker_id} started.")
        while True:
            close_old_connections()
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id, defaults={"seen_at": timezone.now(), "started_at": started}
            )
            if not no_periodic:
                enqueue_due_periodic_jobs()
            worker.run()
            if batch:
                return
            time.sleep(interval)
