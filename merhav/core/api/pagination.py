"""The one pagination of the API: limit and offset in, {"items", "limit", "offset", "next_offset"} out.

    @router.get("/authorities/{authority_slug}/things", response=list[ThingOut])
    @paginate(Pages)
    def list_things(request, authority_slug: str):
        with authority_access(request, authority_slug, "app.view") as authority:
            return Rows(selectors.things(authority), then=partial(selectors.with_counts, authority))

The page's ids come first: an index-only walk past `offset` rows picks the ids of the page (and one more,
which says whether there is a next page, so no COUNT(*) runs over a table of 100,000 rows), then only
those rows are loaded with the queryset's select_related and prefetch_related, in the queryset's order. A
deep offset does not join the rows it skips (offset 50,000 of the actions: 161 ms → 10 ms on PostgreSQL).

ninja's @paginate loads the page after the view has returned, that is after the view's `with` blocks
have ended: the page is loaded inside the data scope the request entered (`load_within`, which
merhav.tenancy.access calls for the authority's django-scopes scope), so a tenant's rows are never read
without their scope. The items are then serialized outside it: whatever they show must be loaded by the
queryset (select_related, prefetch_related) or by `then`, never by a query of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from .input import MAX_OFFSET  # one bound for every list: past it the database's LIMIT/OFFSET overflows

DEFAULT_LIMIT = 25
MAX_LIMIT = 100

M = TypeVar("M", bound=models.Model)

_SCOPE_ATTRIBUTE = "_merhav_page_scope"


def load_within(request: HttpRequest, scope: Callable[[], AbstractContextManager[Any]]) -> None:
    """Load this request's pages inside `scope()` (e.g. the authority's django-scopes scope)."""
    setattr(request, _SCOPE_ATTRIBUTE, scope)


@dataclass(frozen=True)
class Rows(Generic[M]):
    """What a list operation returns when the page needs more than its queryset: `then` runs on the
    loaded rows of the page, inside the scope (e.g. counts set on them, one query each)."""

    queryset: models.QuerySet[M]
    then: Callable[[list[M]], object] | None = None


def page_of(queryset: models.QuerySet[M], *, offset: int, limit: int) -> tuple[list[M], int | None]:
    """The rows of one page, in the queryset's order, and the offset of the next page (None on the last)."""
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit + 1])
    next_offset = offset + limit if len(ids) > limit else None
    ids = ids[:limit]
    if not ids:
        return [], next_offset
    loaded = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [loaded[pk] for pk in ids if pk in loaded], next_offset


class Pages(PaginationBase):
    """limit (1 to MAX_LIMIT, `default_limit` when not given) and offset (0 to MAX_OFFSET)."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        items: list[Any]
        limit: int
        offset: int
        next_offset: int | None = Field(description="The offset of the next page; null on the last page.")

    def __init__(self, *, default_limit: int = DEFAULT_LIMIT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if default_limit != DEFAULT_LIMIT:
            # ninja reads the paginator's Input from the instance (@paginate's own use); its types declare
            # Input as a nested class, which mypy will not let an instance attribute replace.
            self.Input = type(  # type: ignore[misc, assignment]
                f"PageInputFrom{default_limit}",
                (Pages.Input,),
                {
                    "__annotations__": {"limit": int},
                    "limit": Field(default_limit, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}."),
                },
            )

    def paginate_queryset(
        self, queryset: models.QuerySet[Any] | Rows[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        rows = queryset if isinstance(queryset, Rows) else Rows(queryset)
        scope: Callable[[], AbstractContextManager[Any]] = getattr(request, _SCOPE_ATTRIBUTE, nullcontext)
        with scope():
            items: Sequence[Any]
            items, next_offset = page_of(rows.queryset, offset=pagination.offset, limit=pagination.limit)
            if items and rows.then is not None:
                rows.then(items)
        return {"items": items, "limit": pagination.limit, "offset": pagination.offset, "next_offset": next_offset}
