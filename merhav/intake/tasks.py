"""Background tasks of evacuee intake: reminders of stalled services, reading and applying imported
lists, and the retention job."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from merhav.core.tasks import retrying_task

from . import erasure, import_worker, reminders
from .models import ImportBatch

IMPORT_HOURS = 24


@retrying_task(max_attempts=3, base_delay=60)
def send_stalled_service_reminders() -> int:
    return reminders.send_stalled_reminders()


@retrying_task(max_attempts=3, base_delay=30)
def read_intake_import(*, batch_id: int) -> str:
    """Read an uploaded evacuee list within the bounds of merhav.core.spreadsheets, and check its rows."""
    with scopes_disabled():
        batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.READING).first()
        if batch is None:
            return "skipped"
        import_worker.read_batch(batch)
        return batch.status


@retrying_task(max_attempts=3, base_delay=30)
def check_intake_import(*, batch_id: int) -> str:
    with scopes_disabled():
        batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CHECKING).first()
        if batch is None:
            return "skipped"
        import_worker.check_batch(batch)
        return batch.status


@retrying_task(max_attempts=3, base_delay=60)
def apply_intake_import(*, batch_id: int) -> str:
    with scopes_disabled():
        return import_worker.apply_batch(batch_id)


@retrying_task(max_attempts=3, base_delay=60)
def purge_intake_imports() -> int:
    """Uploaded lists not applied within a day are deleted (personal data); applied ones keep their counts only."""
    cutoff = timezone.now() - timedelta(hours=IMPORT_HOURS)
    with scopes_disabled():
        deleted, _ = (ImportBatch.objects.filter(created_at__lt=cutoff)
                      .exclude(status=ImportBatch.Status.APPLIED).delete())
        # An applied import keeps its counts; its bad rows (the report quotes what was typed) go after a day.
        ImportBatch.objects.filter(status=ImportBatch.Status.APPLIED, created_at__lt=cutoff).update(
            rows=[], bad_rows=[])
    return deleted


@retrying_task(max_attempts=3, base_delay=300)
def erase_expired_personal_data() -> int:
    """The retention job: once a day, each authority whose retention period is over."""
    return erasure.erase_all_expired()
