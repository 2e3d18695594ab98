"""What every lessons endpoint shares: the path prefix, shapes of errors and conflicts, and looking up the
objects an input names (an id of another authority is "not a choice", never a leak). Lists are paginated
by merhav.core.api.pagination.Pages."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema

from merhav.core.api.errors import ApiValidationError, from_django
from merhav.core.api.output import Out

BASE = "/authorities/{authority_slug}/lessons"

# Model field names in service errors → the API's field names.
FIELD_NAMES = {
    "event": "event_id",
    "facilitator": "facilitator_id",
    "participants": "participant_ids",
    "departments": "department_ids",
    "department": "department_id",
    "owner": "owner_id",
    "owner_department": "owner_department_id",
    "lesson": "lesson_id",
}



class UserRef(Out):
    id: int
    full_name: str

    @staticmethod
    def resolve_full_name(user: Any) -> str:
        return user.full_name or user.email


class DepartmentRef(Out):
    id: int
    name: str

    @staticmethod
    def resolve_name(department: Any) -> str:
        return str(department.name)


def plain(out: Schema) -> dict:
    """An output schema as the free-form JSON of a conflict's `current` (dates as ISO strings)."""
    return {k: iso(v) if isinstance(v, (date, datetime)) else v for k, v in out.model_dump().items()}


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's ValidationError → 422 with the API's field names."""
    try:
        yield
    except DjangoValidationError as exc:
        raise from_django(exc, FIELD_NAMES) from exc


def invalid(field: str, message: str) -> ApiValidationError:
    return ApiValidationError({field: [message]})


def one_of(queryset: QuerySet, pk: int | None, field: str, message: str | None = None):
    """The row with this id among the choices (the authority's, inside its scope), or a 422 on the field."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise invalid(field, message or _("Select a valid choice. That choice is not one of the available choices."))
    return found


def some_of(queryset: QuerySet, pks: list[int], field: str, message: str | None = None) -> list:
    wanted = set(pks)
    found = list(queryset.filter(pk__in=wanted)) if wanted else []
    if len(found) != len(wanted):
        raise invalid(field, message or _("Select a valid choice. That choice is not one of the available choices."))
    return found


def conflict_body(*, yours: dict, current: dict, field: str = "version") -> dict:
    """409: someone saved since the client loaded the object. Both versions, so the user can merge."""
    return {
        "detail": _("Someone else saved a change after you started editing. Nothing was overwritten: "
                    "compare the two versions, merge, and save again with the current version."),
        "errors": {field: [_("This was changed by someone else.")]},
        "yours": yours,
        "current": current,
    }


class LessonsConflictOut(Schema):
    detail: str
    errors: dict[str, list[str]]
    yours: dict = Field(description="What the client sent.")
    current: dict = Field(description="The object as it is stored now, with its current version.")


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
