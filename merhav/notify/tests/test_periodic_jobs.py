"""Periodic jobs: the worker enqueues each one once per interval, however many workers run."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from merhav.core.modules import declared
from merhav.core.tasks import PERIODIC_JOBS, PeriodicJob
from merhav.notify.management.commands.run_worker import enqueue_due_periodic_jobs

NOW = dt.datetime(2026, 2, 10, 6, 0, tzinfo=dt.UTC)


@task()
def hourly_tick() -> str:
    return "tick"


HOURLY = PeriodicJob(task=hourly_tick, every=dt.timedelta(hours=1))


def ticks() -> int:
    return DBTaskResult.objects.filter(task_path=hourly_tick.module_path).count()


@time_machine.travel(NOW, tick=False)
def test_a_due_job_is_enqueued_once_per_interval(db):
    assert enqueue_due_periodic_jobs([HOURLY]) == ["hourly_tick"]
    # A second worker (or the next loop) in the same hour finds it already enqueued.
    assert enqueue_due_periodic_jobs([HOURLY]) == []
    assert ticks() == 1


def test_it_is_enqueued_again_after_the_interval(db):
    with time_machine.travel(NOW, tick=False) as clock:
        enqueue_due_periodic_jobs([HOURLY])
        clock.shift(dt.timedelta(minutes=59))
        assert enqueue_due_periodic_jobs([HOURLY]) == []
        clock.shift(dt.timedelta(minutes=2))
        assert enqueue_due_periodic_jobs([HOURLY]) == ["hourly_tick"]
    assert ticks() == 2


@time_machine.travel(NOW, tick=False)
def test_the_worker_enqueues_and_runs_due_jobs(db, monkeypatch):
    from merhav.core import worker
    from merhav.notify.management.commands import run_worker

    monkeypatch.setattr(run_worker, "PERIODIC_JOBS", [HOURLY])
    monkeypatch.setattr(run_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    call_command("run_worker", "--batch")
    call_command("run_worker", "--batch")
    results = DBTaskResult.objects.filter(task_path=hourly_tick.module_path)
    assert [r.status for r in results] == ["SUCCESSFUL"]
    assert results.get().return_value == "tick"


def test_every_job_an_app_declares_is_enqueued_by_the_worker(db):
    declared_jobs = [job.task.rsplit(".", 1)[-1] for _config, module in declared() for job in module.periodic_jobs]
    # What the apps declare today: audit, accounts, tenancy and the lessons module each have a job.
    assert {"purge_audit_log", "purge_rate_counters", "purge_people_imports", "send_action_reminders",
            "send_follow_up_reminders"} <= set(declared_jobs)
    # On a fresh database every one of them is due: the worker's first round enqueues each exactly once.
    assert sorted(enqueue_due_periodic_jobs()) == sorted(declared_jobs)


@pytest.mark.parametrize("job", PERIODIC_JOBS, ids=lambda job: job.task.name)
def test_registered_jobs_are_real_tasks_with_an_interval(job):
    assert job.every >= dt.timedelta(minutes=1)
    assert job.task.module_path.startswith("merhav.")
