"""Events: something worth learning from. List (by kind and period), create, read, update."""

from datetime import date, datetime
from functools import partial

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from merhav.core.api.errors import ErrorOut
from merhav.core.api.output import Out
from merhav.core.api.pagination import Pages, Rows
from merhav.core.choices import label
from merhav.core.versioning import StaleVersion
from merhav.tenancy.access import authority_access, check
from merhav.tenancy.models import Department

from ..models import Event, EventKind
from ..selectors import reviews as selectors
from ..services import events as services
from . import router
from .common import BASE, LessonsConflictOut, conflict_body, plain, service_errors, some_of


class EventFilters(Schema):
    kind: EventKind | None = None
    date_from: date | None = Field(None, description="Events that end on or after this day.")
    date_to: date | None = Field(None, description="Events that start on or before this day.")
    text: str = Field("", max_length=100, description="Words in the title.")


class EventIn(Schema):
    title: str = Field(..., max_length=200)
    kind: EventKind
    starts_on: date
    ends_on: date | None = None
    description: str = ""
    department_ids: list[int] = Field(default_factory=list, description="Departments involved.")


class EventPatch(Schema):
    """Only the fields sent change; `version` is the one the client read (a stale one is a 409)."""

    version: int
    title: str | None = Field(None, max_length=200)
    kind: EventKind | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    description: str | None = None
    department_ids: list[int] | None = None


class EventOut(Out):
    id: int
    title: str
    kind: str
    kind_label: str
    starts_on: date
    ends_on: date | None
    description: str
    department_ids: list[int]
    source: str
    review_count: int | None = Field(None, description="In lists only.")
    created_at: datetime
    version: int

    @staticmethod
    def resolve_kind_label(event: Event) -> str:
        return label(EventKind, event.kind)

    @staticmethod
    def resolve_department_ids(event: Event) -> list[int]:
        return [d.pk for d in event.departments.all()]  # prefetched


def _departments(authority, ids: list[int]) -> list:
    return some_of(Department.objects.filter(authority=authority), ids, "department_ids",
                   _("Choose departments of this authority."))


@router.get(f"{BASE}/events", response=list[EventOut], summary="List events")
@paginate(Pages)
def list_events(request, authority_slug: str, filters: Query[EventFilters]):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        queryset = selectors.events(
            authority, kind=filters.kind or "", date_from=filters.date_from, date_to=filters.date_to,
            text=filters.text,
        ).prefetch_related("departments")
        return Rows(queryset, then=partial(selectors.with_review_counts, authority))


@router.post(f"{BASE}/events", response={201: EventOut, 422: ErrorOut}, summary="Create an event")
def create_event(request, authority_slug: str, payload: EventIn):
    with authority_access(request, authority_slug, "lessons.create_event") as authority:
        with service_errors():
            event = services.create_event(
                authority=authority, title=payload.title, kind=payload.kind, starts_on=payload.starts_on,
                ends_on=payload.ends_on, description=payload.description,
                departments=_departments(authority, payload.department_ids), by=request.user,
            )
        return Status(201, EventOut.from_orm(get_object_or_404(selectors.event_detail(request.authority, event.pk))))


@router.get(f"{BASE}/events/{{int:event_id}}", response=EventOut, summary="Read an event")
def get_event(request, authority_slug: str, event_id: int):
    with authority_access(request, authority_slug, "lessons.view"):
        return EventOut.from_orm(get_object_or_404(selectors.event_detail(request.authority, event_id)))


@router.patch(
    f"{BASE}/events/{{int:event_id}}", response={200: EventOut, 409: LessonsConflictOut, 422: ErrorOut},
    summary="Update an event",
)
def update_event(request, authority_slug: str, event_id: int, payload: EventPatch):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        event = get_object_or_404(selectors.event_detail(request.authority, event_id))
        check(request, "lessons.edit_event", event)
        sent = payload.dict(exclude_unset=True)
        values = {
            "title": event.title, "kind": event.kind, "starts_on": event.starts_on, "ends_on": event.ends_on,
            "description": event.description,
        }
        values.update({k: v for k, v in sent.items() if k in values})
        department_ids = sent.get("department_ids")
        departments = (
            _departments(authority, department_ids) if department_ids is not None else list(event.departments.all())
        )
        try:
            with service_errors():
                services.update_event(event=event, by=request.user, version=payload.version,
                                      departments=departments, **values)
        except StaleVersion as stale:
            current = get_object_or_404(selectors.event_detail(request.authority, stale.current.pk))
            return Status(409, conflict_body(yours=_jsonable(sent), current=plain(EventOut.from_orm(current))))
        return EventOut.from_orm(get_object_or_404(selectors.event_detail(request.authority, event_id)))


def _jsonable(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in data.items()}
