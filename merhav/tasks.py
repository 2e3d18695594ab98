"""Background work: a retrying task decorator and the registry of periodic jobs.

django-tasks runs a task once; here a task that raises is re-enqueued with exponential back-off up to
max_attempts, and every failed attempt stays visible as a FAILED result (Django admin → tasks) and in
the log. Periodic jobs are enqueued by `manage.py run_worker`.
"""

import functools
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("merhav.tasks")


def retrying_task(*, max_attempts: int = 5, base_delay: int = 30, **task_options):
    def decorator(func):
        @functools.wraps(func)
        def run(*args, _attempt: int = 1, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception:
                logger.exception("Task %s failed on attempt %s of %s", func.__name__, _attempt, max_attempts)
                if _attempt < max_attempts:
                    delay = timedelta(seconds=base_delay * 2 ** (_attempt - 1))
                    wrapped.using(run_after=timezone.now() + delay).enqueue(*args, _attempt=_attempt + 1, **kwargs)
                raise

        wrapped = task(**task_options)(run)
        return wrapped

    return decorator


@dataclass(frozen=True)
class PeriodicJob:
    task: object
    every: timedelta


PERIODIC_JOBS: list[PeriodicJob] = []


def periodic(*, every: timedelta):
    """Register a task (already decorated) to be enqueued by the worker every `every`."""

    def decorator(task_obj):
        PERIODIC_JOBS.append(PeriodicJob(task=task_obj, every=every))
        return task_obj

    return decorator
