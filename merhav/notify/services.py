"""Sending notifications: an inbox entry now, an email by a background task."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from merhav.accounts.models import User
from merhav.core.text import clean_text, one_line
from merhav.tenancy.models import Authority

from .models import EmailDelivery, Notification


@dataclass(frozen=True)
class Attachment:
    """A file sent with the email (not shown in the inbox): e.g. a meeting invitation as .ics."""

    name: str
    content_type: str
    text: str


# A text rendered in the recipient's language: a string, a lazy translation, or a callable returning one.
Text = str | Promise | Callable[[], str]


def send_notification(
    *,
    recipient: User,
    kind: str,
    title: Text = "",
    body: Text = "",
    url: str = "",
    authority: Authority | None = None,
    dedupe_key: str = "",
    email: bool = True,
    attachment: Attachment | None = None,
    message: str = "",
    params: dict | None = None,
) -> Notification | None:
    """Create an in-app notification in the recipient's language and queue its email.

    title and body may be lazy translations or callables taking no arguments; they are rendered with
    the recipient's language active. Or `message` (a key a module registers, see merhav.notify.messages)
    with JSON `params`: then title and body are rendered from them, now and whenever the notification is
    read, in the reader's language of that moment. The title is also the email's subject: it names what the message is
    about, never a resident's personal details. With a dedupe_key, the same notification is created only once.
    Returns None when it was a duplicate.
    """
    if url and (not url.startswith("/") or url.startswith("//")):
        # Rendered as a link in the inbox and the email: only our own pages (never javascript: or elsewhere).
        raise ValueError("A notification's url must be a path on this site, like /a/<slug>/...")
    with translation.override(recipient.language or "he"):
        if message:
            # Stored by key and parameters, rendered again whenever it is read (merhav.notify.messages).
            from .messages import render_message

            found = render_message(message, params or {})
            if found is None:
                raise ValueError(f"No module renders the notification message {message!r}.")
            title, body = found
        # A title is one line (it heads an email and an inbox entry); neither may carry bidi overrides.
        title_text = one_line(str(title() if callable(title) else title))
        body_text = clean_text(str(body() if callable(body) else body))
    if dedupe_key and Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                authority=authority,
                kind=kind,
                title=title_text[:250],
                body=body_text,
                url=url,
                dedupe_key=dedupe_key,
                message_key=message,
                params=params or {},
            )
            if email and recipient.email and recipient.is_active:
                EmailDelivery.objects.create(
                    notification=notification,
                    attachment_name=attachment.name if attachment else "",
                    attachment_type=attachment.content_type if attachment else "",
                    attachment=attachment.text if attachment else "",
                )
                from .tasks import send_notification_email

                transaction.on_commit(lambda: send_notification_email.enqueue(notification_id=notification.pk))
    except IntegrityError:
        return None  # a concurrent duplicate of the same reminder
    return notification


def mark_notifications_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
