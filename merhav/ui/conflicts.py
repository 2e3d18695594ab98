"""The one conflict screen of every edit page: someone saved the object after the user opened the form.

Nothing was overwritten (merhav.core.versioning raised StaleVersion). The page is shown again (409) with
the partial ui/partials/conflict.html above the form: what happened, the version stored now (who saved
it and when, its values), and — when the user's input is not in a form below — their own version. The
form keeps what the user typed and now carries the stored version, so saving again is a decision made
after seeing the other change, never a silent overwrite.

    except StaleVersion as stale:
        conflict = show_conflict(form, stale.current, message=_("Someone else changed this event…"),
                                 fields={"title": stale.current.title, "starts_on": stale.current.starts_on})
        return render(request, "…/form.html", {"form": form, "conflict": conflict}, status=CONFLICT)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

CONFLICT = 409  # the status of a page that shows the conflict screen


@dataclass(frozen=True)
class Conflict:
    """What the partial shows. `rows` are (label, value) pairs of the stored version; `yours` the same for
    the user's version when it is not kept in a form on the page (e.g. the two texts of a merge)."""

    message: str
    current: models.Model
    rows: Sequence[tuple[str, Any]] = ()
    yours: Sequence[tuple[str, Any]] = ()
    saved_by: Any = None
    saved_at: datetime | None = None
    details: Sequence[str] = field(default_factory=tuple)


def shown(value: Any) -> str:
    """A stored value as the page shows it: dates in the locale's format, yes/no, names."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(shown(item) for item in items)
    return str(value)


def keep_typed(form: forms.BaseForm, version: int) -> None:
    """The bound form keeps what the user typed, now based on the stored `version`."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(version)
    form.data = data


def show_conflict(
    form: forms.BaseForm | None,
    current: models.Model,
    *,
    message: str,
    fields: Mapping[str, Any] | None = None,
    rows: Sequence[tuple[str, Any]] = (),
    yours: Sequence[tuple[str, Any]] = (),
    saved_by: Any = None,
    saved_at: datetime | None = None,
    details: Sequence[str] = (),
) -> Conflict:
    """Rebase the user's form on the stored version and describe the conflict for the partial.

    `fields` names the form's fields with the stored values to show, labelled as in the form; `rows` are
    (label, value) pairs for anything else."""
    if form is not None:
        keep_typed(form, current.version)  # type: ignore[attr-defined]
        rows = [(str(form.fields[name].label), value) for name, value in (fields or {}).items()] + list(rows)
    return Conflict(
        message=message,
        current=current,
        rows=tuple((label, shown(value)) for label, value in rows),
        yours=tuple((label, shown(value)) for label, value in yours),
        saved_by=saved_by,
        saved_at=saved_at,
        details=tuple(details),
    )
