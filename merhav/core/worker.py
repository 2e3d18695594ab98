"""Running the queue of django-tasks' database backend, at least once.

A worker claims a READY task (row lock; several workers may run side by side), marks it RUNNING and runs
it. A worker that dies while a task is RUNNING (killed, out of memory, the machine lost) leaves it RUNNING
for ever in django-tasks-db; here every worker, each round, first hands such tasks back to the queue once
their lease has passed (MERHAV_TASK_LEASE_SECONDS since they were claimed). So a task runs at least once,
and possibly twice: a task with a side effect outside the database (an email) must be idempotent — see
merhav.notify.tasks, which claims its delivery row before sending and records the send.

The lease must be longer than any task runs: every outgoing call has a timeout (EMAIL_TIMEOUT) for that
reason, and a task that waits on a silent server fails and is retried instead of holding the worker.

When the database goes away (restarted, the network cut), a worker does not die and does not lose or
double a task: a task that loses its connection is handed back to the queue (its transaction did not commit),
and the end of a task that ran (SUCCESSFUL or FAILED) is recorded as soon as the database answers again,
so the task is not run a second time for want of its result. `manage.py run_worker` waits for the database
and goes on.

Built on the public pieces of django-tasks-db (its DBTaskResult model and queryset), not on its
worker class.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("merhav.worker")


def lease() -> timedelta:
    return timedelta(seconds=settings.MERHAV_TASK_LEASE_SECONDS)


def reclaim_stale_tasks() -> int:
    """Put back in the queue the tasks left RUNNING longer than the lease (their worker died)."""
    cutoff = timezone.now() - lease()
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    # One conditional UPDATE: two workers reclaiming at once cannot both count the same row.
    count = stale.update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Reclaimed %s task(s) left running past the lease of %s s by a worker that stopped",
                       count, settings.MERHAV_TASK_LEASE_SECONDS)
    return count


def claim_next(worker_id: str, backend_name: str = "default") -> DBTaskResult | None:
    """Claim the next due task (mark it RUNNING for this worker), or None when none is due."""
    try:
        with transaction.atomic():
            # skip_locked: another worker's claimed row is passed over (SQLite: the transaction is IMMEDIATE,
            # so claims are serialised by the database's write lock).
            task_result = DBTaskResult.objects.ready().filter(backend_name=backend_name).get_locked()
            if task_result is not None:
                task_result.claim(worker_id)
            return task_result
    except OperationalError as error:
        if "locked" in str(error).lower():  # SQLite busy: try again next round
            return None
        raise


def database_gone(error: BaseException) -> bool:
    """The error is the database connection lost (not a query's own error, such as a constraint)."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    return connection.connection is None or not connection.is_usable()


def drop_connection() -> None:
    """Forget a broken connection (closing it may itself fail); the next query opens a new one."""
    try:
        connection.close()
    except DatabaseError:
        connection.connection = None


def when_the_database_answers(action: Callable[[], object], what: str, *, max_wait: float = 5.0) -> None:
    """Run `action` (a write of the queue's own bookkeeping), retrying while the database is unreachable."""
    delay = 0.1
    while True:
        try:
            action()
            return
        except (OperationalError, InterfaceError) as error:
            if not database_gone(error):
                raise
            logger.warning("The database is unreachable; %s when it answers again (in %.1f s)", what, delay)
            drop_connection()
            time.sleep(delay)
            delay = min(delay * 2, max_wait)


def hand_back(db_task_result: DBTaskResult) -> None:
    """Return a claimed task to the queue, as if never claimed (only if still RUNNING)."""
    DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None)


def run_claimed(db_task_result: DBTaskResult) -> None:
    """Run one claimed task and record its end (SUCCESSFUL, or FAILED with the exception's class). A task that
    lost the database connection goes back to the queue instead."""
    backend_type = None
    try:
        task = db_task_result.task
        task_result = db_task_result.task_result
        backend_type = type(task.get_backend())
        task_started.send(sender=backend_type, task_result=task_result)
        if task.takes_context:
            context = TaskContext(task_result=task_result)  # type: ignore[arg-type]  # the db backend's subclass
            value = task.call(context, *task_result.args, **task_result.kwargs)
        else:
            value = task.call(*task_result.args, **task_result.kwargs)
    except Exception as error:
        if database_gone(error):
            logger.warning("Task id=%s lost the database connection; it goes back to the queue", db_task_result.id)
            when_the_database_answers(partial(hand_back, db_task_result), f"task id={db_task_result.id} goes back")
            return
        when_the_database_answers(partial(db_task_result.set_failed, error),
                                  f"task id={db_task_result.id} is recorded as failed")
    else:
        when_the_database_answers(partial(db_task_result.set_successful, value),
                                  f"task id={db_task_result.id} is recorded as done")
    if backend_type is not None:
        task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
    else:
        logger.error("Task id=%s could not be loaded", db_task_result.id)


def run_due_tasks(worker_id: str, backend_name: str = "default",
                  should_stop: Callable[[], bool] = lambda: False) -> int:
    """Reclaim stale tasks, then run every due task (until should_stop() says so); returns how many ran."""
    reclaim_stale_tasks()
    ran = 0
    while not should_stop() and (task_result := claim_next(worker_id, backend_name)) is not None:
        run_claimed(task_result)
        ran += 1
        close_old_connections()
    return ran
