"""`manage.py purge_audit_log` removes entries past the retention (24 months by default), nothing newer;
the worker runs the same purge every day."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from merhav.audit.models import AuditEntry
from merhav.audit.services import Action, record
from merhav.core.tasks import PERIODIC_JOBS

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def entry_at(when: dt.datetime, user) -> AuditEntry:
    with time_machine.travel(when, tick=False):
        return record(action=Action.LOGIN, user=user, obj=user)


@pytest.fixture
def entries(staff):
    return {
        "older": entry_at(dt.datetime(2024, 6, 14, 12, 0, tzinfo=dt.UTC), staff),  # 24 months and a day
        "just_older": entry_at(dt.datetime(2024, 6, 15, 11, 59, tzinfo=dt.UTC), staff),
        "just_newer": entry_at(dt.datetime(2024, 6, 15, 12, 1, tzinfo=dt.UTC), staff),
        "recent": entry_at(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), staff),
    }


def remaining() -> set[int]:
    """Which of the test's entries are left (the fixtures' own set-up writes entries too)."""
    return set(AuditEntry.objects.filter(object_type="accounts.user", action=Action.LOGIN).values_list("pk", flat=True))


@time_machine.travel(NOW, tick=False)
def test_removes_what_is_older_than_24_months_and_nothing_newer(entries):
    out = StringIO()
    call_command("purge_audit_log", stdout=out)
    assert remaining() == {entries["just_newer"].pk, entries["recent"].pk}
    assert "Removed 2 audit entries" in out.getvalue()


@time_machine.travel(NOW, tick=False)
def test_the_retention_follows_the_setting(entries, settings):
    settings.MERHAV_AUDIT_RETENTION_MONTHS = 1
    call_command("purge_audit_log", months=settings.MERHAV_AUDIT_RETENTION_MONTHS, stdout=StringIO())
    assert remaining() == {entries["recent"].pk}


@time_machine.travel(NOW, tick=False)
def test_months_option(entries):
    call_command("purge_audit_log", "--months", "36", stdout=StringIO())
    assert remaining() == {e.pk for e in entries.values()}


def test_zero_months_is_refused(entries):
    with pytest.raises(CommandError):
        call_command("purge_audit_log", "--months", "0", stdout=StringIO())
    assert len(remaining()) == 4


@time_machine.travel(NOW, tick=False)
def test_the_worker_purges_every_day(entries, run_tasks):
    job = next(job for job in PERIODIC_JOBS if job.task.name == "purge_audit_log")
    assert job.every == dt.timedelta(days=1)
    job.task.enqueue()
    run_tasks()
    assert remaining() == {entries["just_newer"].pk, entries["recent"].pk}
