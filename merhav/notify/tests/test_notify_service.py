"""send_notification(): the inbox entry in the recipient's language, and its email queued once the write commits."""

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult

from merhav.notify.models import EmailDelivery, Notification
from merhav.notify.services import send_notification


def email_tasks():
    return DBTaskResult.objects.filter(task_path="merhav.notify.tasks.send_notification_email")


def test_the_text_is_rendered_in_the_recipients_language(make_user):
    arabic_reader = make_user(language="ar")
    with translation.override("en"):
        notification = send_notification(recipient=arabic_reader, kind="test", title=translation.get_language,
                              body=lambda: f"body in {translation.get_language()}")
        assert translation.get_language() == "en"  # the caller's language is left as it was
    assert notification.title == "ar"
    assert notification.body == "body in ar"


def test_lazy_translations_are_stored_as_text(staff):
    notification = send_notification(recipient=staff, kind="test", title=gettext_lazy("Notifications"))
    assert Notification.objects.get(pk=notification.pk).title == str(notification.title)


def test_the_email_is_queued_when_the_write_commits(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = send_notification(recipient=staff, kind="test", title="Hello")
    assert EmailDelivery.objects.get(notification=notification).status == EmailDelivery.Status.QUEUED
    assert not email_tasks().exists()  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    task = email_tasks().get()
    assert task.args_kwargs["kwargs"] == {"notification_id": notification.pk}


def test_nothing_is_queued_when_the_write_rolls_back(staff, run_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_notification(recipient=staff, kind="test", title="Hello")
        raise RuntimeError("the surrounding write failed")
    run_tasks()
    assert not Notification.objects.exists()
    assert not email_tasks().exists()


def test_the_same_dedupe_key_notifies_once(staff, run_tasks):
    assert send_notification(recipient=staff, kind="test", title="Reminder", dedupe_key="r:1") is not None
    assert send_notification(recipient=staff, kind="test", title="Reminder", dedupe_key="r:1") is None
    run_tasks()
    assert Notification.objects.filter(recipient=staff).count() == 1
    assert email_tasks().count() == 1


def test_without_email(staff, run_tasks):
    notification = send_notification(recipient=staff, kind="test", title="Quiet", email=False)
    run_tasks()
    assert not EmailDelivery.objects.filter(notification=notification).exists()
    assert not email_tasks().exists()


def test_an_inactive_recipient_gets_no_email(make_user, run_tasks):
    user = make_user(is_active=False)
    send_notification(recipient=user, kind="test", title="Hello")
    run_tasks()
    assert not email_tasks().exists()


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_only_links_to_our_own_pages(staff, url):
    with pytest.raises(ValueError):
        send_notification(recipient=staff, kind="test", title="Hello", url=url)
