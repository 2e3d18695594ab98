"""The audit log's retention, applied every day by the worker (and on demand: manage.py purge_audit_log)."""

import logging
from datetime import timedelta

from django_tasks import task

from merhav.core.tasks import periodic

from .services import purge_expired

logger = logging.getLogger(__name__)


@periodic(every=timedelta(days=1))
@task()
def purge_audit_log() -> int:
    removed = purge_expired()
    logger.info("Audit log retention: removed %s entries", removed)
    return removed
