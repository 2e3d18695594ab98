"""The background worker: runs queued tasks, enqueues periodic jobs and writes a heartbeat.

The queue is run by merhav.core.worker (claims with row locks, so several workers can run side by side;
tasks left RUNNING by a worker that died are reclaimed after their lease). This loop adds a heartbeat
for /healthz and periodic jobs. SIGTERM or SIGINT stops it after the task at hand. When the database is
unreachable (restarted, the network cut) the loop logs it, waits and tries again: the worker outlives the outage.
"""

import logging
import os
import signal
import socket
import time
from collections.abc import Iterable

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from merhav.core.tasks import PERIODIC_JOBS, PeriodicJob
from merhav.core.worker import database_gone, drop_connection, run_due_tasks
from merhav.notify.models import WorkerHeartbeat

logger = logging.getLogger("merhav.worker")


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
        self.running = True
        if not batch:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, self._stop)
            self.stdout.write(f"Worker {worker_id} started.")
        while self.running:
            try:
                close_old_connections()
                WorkerHeartbeat.objects.update_or_create(
                    worker_id=worker_id, defaults={"seen_at": timezone.now(), "started_at": started}
                )
                if not no_periodic:
                    enqueue_due_periodic_jobs()
                run_due_tasks(worker_id, should_stop=lambda: not self.running)  # SIGTERM: after the task at hand
            except (OperationalError, InterfaceError) as error:
                if batch or not database_gone(error):
                    raise
                logger.warning("The database is unreachable (%s); trying again in %s s", type(error).__name__,
                               interval)
                drop_connection()
            if batch:
                return
            if self.running:
                time.sleep(interval)

    def _stop(self, signum, frame):
        self.running = False
