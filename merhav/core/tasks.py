"""Background work: a retrying task decorator and the registry of periodic jobs.

django-tasks runs a task once; here a task that raises is re-enqueued with exponential back-off up to
max_attempts, and every failed attempt stays visible as a FAILED result (Django admin → tasks) and in
the log. Periodic jobs are declared on the app's config (merhav.core.modules) and enqueued by
`manage.py run_worker`.

An exception's message may carry personal data (an SMTP refusal names the recipient's address, a
database error quotes the row), and django-tasks writes the traceback both to the log and into the task
result's row. So a failing attempt is re-raised as TaskAttemptFailed: the same frames, the original
exception's class, and no message.
"""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("merhav.tasks")


class TaskAttemptFailed(Exception):
    """One failed attempt of a retrying task; its message is the original exception's class only."""


def retry_delay(attempt: int, base_delay: int) -> timedelta:
    """The wait before the attempt after `attempt`: base_delay, then doubling."""
    return timedelta(seconds=base_delay * 2 ** (attempt - 1))


def retrying_task(*, max_attempts: int = 5, base_delay: int = 30, **task_options: Any) -> Callable[[Callable], Any]:
    """A django-tasks task that, when it raises, is enqueued again after base_delay · 2^(attempt-1)
    seconds, up to max_attempts attempts in all. Each failed attempt ends as a FAILED task result."""

    takes_context = task_options.get("takes_context", False)

    def decorator(func: Callable) -> Any:
        @functools.wraps(func)
        def run(*args: Any, _attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception as error:
                kind = f"{type(error).__module__}.{type(error).__qualname__}"
                if _attempt < max_attempts:
                    delay = retry_delay(_attempt, base_delay)
                    # With takes_context the first argument is the worker's TaskContext, not the caller's.
                    task_args = args[1:] if takes_context else args
                    wrapped.using(run_after=timezone.now() + delay).enqueue(
                        *task_args, _attempt=_attempt + 1, **kwargs
                    )
                    logger.warning("Task %s failed on attempt %s of %s (%s); next attempt in %s s",
                                   func.__name__, _attempt, max_attempts, kind, int(delay.total_seconds()))
                else:
                    logger.error("Task %s failed on its last attempt (%s of %s, %s)",
                                 func.__name__, _attempt, max_attempts, kind)
                raise TaskAttemptFailed(kind).with_traceback(error.__traceback__) from None

        wrapped = task(**task_options)(run)
        return wrapped

    return decorator


@dataclass(frozen=True)
class PeriodicJob:
    task: object
    every: timedelta


# Filled at start-up from the apps' declarations (merhav.core.modules.Job); the worker enqueues them.
PERIODIC_JOBS: list[PeriodicJob] = []


def register_periodic(task_obj: Any, *, every: timedelta) -> None:
    if not any(job.task is task_obj for job in PERIODIC_JOBS):
        PERIODIC_JOBS.append(PeriodicJob(task=task_obj, every=every))


@retrying_task(max_attempts=3, base_delay=60)
def purge_form_submissions() -> int:
    """Forget the one-time tokens of create forms after two days (merhav.core.submit_once)."""
    from .submit_once import purge

    return purge()
