"""Notifications rendered when they are read: a module stores a message by key and parameters
(send_notification(message=..., params=...)), and the inbox and the email show it in the reader's language
of the moment, not in the language of the moment it was created."""

from __future__ import annotations

import logging

from merhav.core.modules import notification_messages
from merhav.core.text import clean_text, one_line

from .models import Notification

logger = logging.getLogger(__name__)


def render_message(key: str, params: dict) -> tuple[str, str] | None:
    """(title, body) of a registered message in the active language; None when the key is unknown."""
    renderer = notification_messages().get(key)
    if renderer is None:
        return None
    title, body = renderer(params)
    return one_line(str(title)), clean_text(str(body))


def rendered(notification: Notification) -> tuple[str, str]:
    """The notification's title and body in the active language (its stored text when it has no message,
    or when its message can no longer be rendered)."""
    if notification.message_key:
        try:
            found = render_message(notification.message_key, notification.params or {})
        except (KeyError, TypeError, ValueError):
            logger.warning("Notification %s: its message %s could not be rendered", notification.pk,
                           notification.message_key)
            found = None
        if found is not None:
            return found
    return notification.title, notification.body


def in_reader_language(notifications):
    """Each notification with its title and body rendered now (for the inbox's page)."""
    notifications = list(notifications)
    for notification in notifications:
        notification.title, notification.body = rendered(notification)
    return notifications
