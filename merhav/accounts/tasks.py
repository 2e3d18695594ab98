"""Housekeeping of the login and API safety nets."""

from datetime import timedelta

from django_tasks import task

from merhav.tasks import periodic
from merhav.ui.ratelimit import purge_expired_counters


@periodic(every=timedelta(hours=1))
@task()
def purge_rate_counters() -> int:
    """Delete the counters of rate-limit windows that have ended."""
    return purge_expired_counters()
