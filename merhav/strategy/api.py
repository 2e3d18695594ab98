"""The plans API, under /api/v1/authorities/<authority_slug>/strategy/plans: list
(limit/offset through the API's one pagination, merhav.core.api.pagination.Pages: a fixed number of
queries), create, read, update (a stale version is a 409 with both
versions). The same services, selectors and policy as the pages: an outsider gets 404, a refused write
403 and an audit-log entry (merhav.tenancy.access)."""

from datetime import date as date_type
from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from merhav.core.api.errors import ErrorOut, from_django
from merhav.core.api.pagination import Pages
from merhav.core.versioning import StaleVersion
from merhav.tenancy.access import authority_access, check

from . import selectors, services
from .models import Plan, PlanAction

router = Router(tags=["strategy"])

BASE = "/authorities/{authority_slug}/strategy/plans"
# A literal, not the model's TextChoices: ninja names an enum's schema by its class name ("Status"), which the
# other modules' enums share, and the OpenAPI description would keep only one of them.
PlanStatus = Literal["draft", "in_progress", "approved", "archived"]


class PlanIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    status: PlanStatus = "draft"


class PlanPatch(Schema):
    """Only the fields sent change; `version` is the one the client read (a stale one is a 409)."""

    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    status: PlanStatus | None = None


class PlanOut(Schema):
    id: int
    title: str
    description: str
    status: str
    status_label: str
    updated_at: datetime
    version: int

    @staticmethod
    def resolve_status_label(plan: Plan) -> str:
        return str(plan.get_status_display())



class PlanConflictOut(Schema):
    detail: str
    errors: dict[str, list[str]]
    yours: dict = Field(description="What the client sent.")
    current: PlanOut = Field(description="What is stored now, with its current version.")


@router.get(BASE, response=list[PlanOut], summary="Plans: list")
@paginate(Pages)
def list_plans(request, authority_slug: str):
    with authority_access(request, authority_slug, "strategy.view") as authority:
        # Pages loads the page (its ids first, then those rows) inside the authority's scope.
        return selectors.plans(authority)


@router.post(BASE, response={201: PlanOut, 422: ErrorOut}, summary="Plans: create")
def create_plan(request, authority_slug: str, payload: PlanIn):
    with authority_access(request, authority_slug, "strategy.create") as authority:
        try:
            plan = services.create_plan(
                authority=authority, title=payload.title, description=payload.description, status=payload.status
            )
        except ValidationError as error:
            raise from_django(error) from error
        return Status(201, PlanOut.from_orm(plan))


@router.get(f"{BASE}/{{int:plan_id}}", response=PlanOut, summary="Plans: read one")
def get_plan(request, authority_slug: str, plan_id: int):
    with authority_access(request, authority_slug, "strategy.view") as authority:
        return PlanOut.from_orm(get_object_or_404(selectors.plan_detail(authority, plan_id)))


@router.patch(
    f"{BASE}/{{int:plan_id}}", response={200: PlanOut, 409: PlanConflictOut, 422: ErrorOut},
    summary="Plans: update",
)
def update_plan(request, authority_slug: str, plan_id: int, payload: PlanPatch):
    with authority_access(request, authority_slug, "strategy.view") as authority:
        plan = get_object_or_404(selectors.plan_detail(authority, plan_id))
        check(request, "strategy.edit", plan)
        sent = payload.dict(exclude_unset=True, exclude={"version"})
        values = {"title": plan.title, "description": plan.description, "status": plan.status}
        values.update({name: value for name, value in sent.items() if value is not None})
        try:
            services.update_plan(plan=plan, version=payload.version, **values)
        except StaleVersion as stale:
            return Status(409, {
                "detail": _("Someone else saved a change after you started editing. Nothing was overwritten: "
                            "compare the two versions, merge, and save again with the current version."),
                "errors": {"version": [_("This was changed by someone else.")]},
                "yours": sent,
                "current": stale.current,  # the row (a schema instance inside a dict would be read again)
            })
        except ValidationError as error:
            raise from_django(error) from error
        return PlanOut.from_orm(get_object_or_404(selectors.plan_detail(authority, plan_id)))


class PlanMeetingOut(Schema):
    id: int
    step: str
    step_label: str
    channel: str | None
    number: int
    date: date_type | None
    date_set: bool
    status: str
    held_on: date_type | None
    decisions: str
    version: int

    @staticmethod
    def resolve_step_label(meeting) -> str:
        return str(meeting.get_step_display())

    @staticmethod
    def resolve_channel(meeting) -> str | None:
        return meeting.channel.name if meeting.channel_id else None


class PlanActionOut(Schema):
    id: int
    channel: str
    title: str
    start: date_type
    end: date_type
    status: str
    progress: int
    budget_total: float
    depends_on_id: int | None
    version: int

    @staticmethod
    def resolve_channel(action) -> str:
        return action.channel.name


@router.get(f"{BASE}/{{int:plan_id}}/meetings", response=list[PlanMeetingOut], summary="Plans: the process's meetings")
def list_meetings(request, authority_slug: str, plan_id: int):
    with authority_access(request, authority_slug, "strategy.view") as authority:
        plan = get_object_or_404(selectors.plan_detail(authority, plan_id))
        return selectors.meetings(authority, plan)


@router.get(f"{BASE}/{{int:plan_id}}/actions", response=list[PlanActionOut], summary="Plans: the work plans' actions")
@paginate(Pages)
def list_actions(request, authority_slug: str, plan_id: int):
    with authority_access(request, authority_slug, "strategy.view") as authority:
        plan = get_object_or_404(selectors.plan_detail(authority, plan_id))
        return PlanAction.objects.filter(authority=authority, plan=plan).select_related("channel").order_by(
            "start", "id")
