"""What the services of this app share: cleaning text, the error by field, and notifying people."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError

from merhav.accounts.models import User
from merhav.notify.services import send_notification


def text(value: str | None, limit: int | None = None) -> str:
    cleaned = (value or "").replace("\r\n", "\n").strip()
    return cleaned[:limit] if limit else cleaned


def required(errors: dict[str, str], name: str, value: object) -> None:
    from django.utils.translation import gettext as _

    if not value:
        errors[name] = _("This field is required.")


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def notify(recipients: Iterable[User], *, kind: str, title: Callable[[], str], body: Callable[[], str] | str = "",
           url: str = "", dedupe_key: str = "") -> None:
    """An inbox entry and an email (merhav.notify queues it when the transaction commits) for each
    recipient, rendered in the recipient's language (title and body are callables run with it active)."""
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    for user in people.values():
        send_notification(recipient=user, kind=kind, title=title, body=body, url=url,
                          dedupe_key=f"{dedupe_key}:{user.pk}" if dedupe_key else "")
