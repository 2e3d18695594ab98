"""The audit log's retention, applied every day by the worker (and on demand: manage.py purge_audit_log)."""

import logging

from django_tasks import task

from .services import purge_expired_entries

logger = logging.getLogger(__name__)


@task()
def purge_audit_log() -> int:
    removed = purge_expired_entries()
    logger.info("Audit log retention: removed %s entries", removed)
    return removed
