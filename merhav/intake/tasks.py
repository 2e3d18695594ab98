"""Background tasks of evacuee intake: reminders of stalled services, reading and applying imported
lists, and the retention job."""

from merhav.core.tasks import retrying_task

from .services import long_term


@retrying_task(max_attempts=3, base_delay=60)
def send_stalled_service_reminders() -> int:
    return long_term.send_stalled_reminders()
