"""Services accept a related row or its id (a form's choice, a task's argument): one way to read the id."""

from __future__ import annotations

from typing import Any

from django.db import models


def id_of(row: models.Model | int) -> int:
    """The id of a row given as the row itself or as its id."""
    if isinstance(row, int):
        return row
    pk: Any = row.pk
    return int(pk)
