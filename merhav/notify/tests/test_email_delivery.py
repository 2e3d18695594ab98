"""The worker sends the email of a notification; a failing send is retried with back-off, and every
failure is visible (a FAILED task result, the delivery marked failed) without personal data."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks_db.models import DBTaskResult

from merhav.notify.models import EmailDelivery
from merhav.notify.services import send_notification

NOW = dt.datetime(2026, 4, 2, 8, 0, tzinfo=dt.UTC)
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses every recipient, and says who in its error (as real ones do)."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"5.1.1 mailbox unavailable") for m in messages})


def tasks(status=None):
    qs = DBTaskResult.objects.filter(task_path="merhav.notify.tasks.send_notification_email")
    return qs.filter(status=status) if status else qs


@pytest.fixture
def notification(make_user):
    recipient = make_user(email="noa.cohen@city.example", full_name="Noa Cohen", language="en")
    return send_notification(recipient=recipient, kind="test", title="An action was assigned to you", body="Due soon.",
                  url="/notifications/")


def test_the_worker_sends_the_email(notification, run_tasks):
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["noa.cohen@city.example"]
    assert "An action was assigned to you" in message.body
    assert "/notifications/" in message.body
    # The subject says what the message is about (its title), not "you have a new notification"; the
    # recipient's name is not in it.
    assert message.subject == "Merhav: An action was assigned to you"
    assert "Noa" not in message.subject
    delivery = EmailDelivery.objects.get(notification=notification)
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.attempts == 1 and delivery.sent_at is not None
    assert tasks(status="SUCCESSFUL").count() == 1


def test_a_sent_email_is_not_sent_twice(notification, run_tasks):
    run_tasks()
    from merhav.notify.tasks import send_notification_email

    send_notification_email.enqueue(notification_id=notification.pk)
    run_tasks()
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_after_a_delay_then_sent(notification, run_tasks, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with time_machine.travel(NOW, tick=False) as clock:
        run_tasks()
        # The failure is visible...
        failed = tasks(status="FAILED").get()
        assert failed.exception_class_path == "merhav.core.tasks.TaskAttemptFailed"
        assert "SMTPRecipientsRefused" in failed.traceback
        delivery = EmailDelivery.objects.get(notification=notification)
        assert delivery.status == EmailDelivery.Status.FAILED
        assert delivery.last_error == "SMTPRecipientsRefused"
        assert delivery.attempts == 1
        # ...and a second attempt waits 60 seconds.
        retry = tasks(status="READY").get()
        assert retry.run_after == NOW + dt.timedelta(seconds=60)
        assert retry.args_kwargs["kwargs"] == {"notification_id": notification.pk, "_attempt": 2}
        run_tasks()
        assert tasks(status="READY").count() == 1  # not due yet

        settings.EMAIL_BACKEND = LOCMEM
        clock.shift(dt.timedelta(seconds=61))
        run_tasks()
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.attempts == 2 and delivery.last_error == ""
    assert tasks(status="SUCCESSFUL").count() == 1


def test_it_gives_up_after_five_attempts_with_doubling_delays(notification, run_tasks, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    waits = []
    with time_machine.travel(NOW, tick=False) as clock:
        run_tasks()
        while (pending := tasks(status="READY").first()) is not None:
            waits.append(int((pending.run_after - dt.datetime.now(dt.UTC)).total_seconds()))
            clock.move_to(pending.run_after)
            run_tasks()
    assert waits == [60, 120, 240, 480]
    assert tasks(status="FAILED").count() == 5
    delivery = EmailDelivery.objects.get(notification=notification)
    assert delivery.status == EmailDelivery.Status.FAILED and delivery.attempts == 5
    assert mail.outbox == []


def test_a_failure_leaves_no_address_in_logs_or_task_rows(notification, run_tasks, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with time_machine.travel(NOW, tick=False):
        run_tasks()
    stored = "".join(DBTaskResult.objects.values_list("traceback", flat=True))
    logged = caplog.text
    assert "SMTPRecipientsRefused" in stored and "SMTPRecipientsRefused" in logged
    for text in (stored, logged, EmailDelivery.objects.get().last_error):
        assert "noa.cohen" not in text


def test_a_second_copy_of_the_task_sends_nothing_while_another_run_is_sending(notification, run_tasks):
    EmailDelivery.objects.filter(notification=notification).update(status=EmailDelivery.Status.SENDING,
                                                                   sending_task="another-run-of-the-task")
    run_tasks()
    assert mail.outbox == []
    assert EmailDelivery.objects.get(notification=notification).status == EmailDelivery.Status.SENDING


def test_the_email_carries_a_message_id_of_its_delivery(notification, run_tasks):
    run_tasks()
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<merhav.notification.{notification.pk}@127.0.0.1>"
