"""Background work of emergency operations: the webhook delivery of issued messages."""

from merhav.core.tasks import retrying_task

from .delivery import MAX_ATTEMPTS, deliver_webhook


@retrying_task(max_attempts=MAX_ATTEMPTS, base_delay=30)
def deliver_issued_message(*, delivery_id: int) -> str:
    return deliver_webhook(delivery_id=delivery_id)
