"""Action items: list (status, overdue, owner, department, review), add to a review, read, edit, and move
along open → in progress → done (with evidence) / cancelled."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from merhav.core.api.errors import ErrorOut
from merhav.core.api.input import choices_of
from merhav.core.api.output import Out
from merhav.core.api.pagination import Pages
from merhav.core.choices import label
from merhav.core.versioning import StaleVersion
from merhav.tenancy.access import authority_access, check
from merhav.tenancy.models import Department, Membership

from ..models import ActionItem, Lesson
from ..selectors import actions as selectors
from ..services import actions as services
from . import router
from .common import (
    BASE,
    DepartmentRef,
    LessonsConflictOut,
    UserRef,
    conflict_body,
    invalid,
    iso,
    one_of,
    plain,
    service_errors,
)
from .reviews import load_review

STATUS_FILTERS = [selectors.STATUS_FILTER_ALL, selectors.STATUS_FILTER_ACTIVE, *ActionItem.Status.values]


class ActionFilters(Schema):
    status: str = Field(selectors.STATUS_FILTER_ALL, pattern="^(" + "|".join(STATUS_FILTERS) + ")$",
                        description="all (default), active (open or in progress), open, in_progress, done, cancelled.")
    overdue: bool = Field(False, description="Only open or in-progress actions whose due date has passed.")
    owner_id: int | None = Field(None, description="Actions the person answers for: owned by them or by a "
                                                   "department they head (as on their 'my actions' page).")
    department_id: int | None = Field(None, description="Actions of the department: owned by it or by its "
                                                        "members (as on the department's page).")
    review_id: int | None = None


class ActionIn(Schema):
    title: str = Field(..., max_length=300)
    due_date: date
    owner_id: int | None = Field(None, description="A person; or leave empty and give owner_department_id.")
    owner_department_id: int | None = Field(None, description="A department: its head is accountable.")
    lesson_id: int | None = Field(None, description="The lesson of this review that the action answers.")
    description: str = ""


class ActionPatch(Schema):
    version: int
    title: str | None = Field(None, max_length=300)
    due_date: date | None = None
    owner_id: int | None = None
    owner_department_id: int | None = None
    lesson_id: int | None = None
    description: str | None = None


class StatusIn(Schema):
    version: int
    status: choices_of(ActionItem.Status)  # type: ignore[valid-type]
    evidence: str = Field("", description="Required when the status becomes done.")


class ActionOut(Out):
    id: int
    review_id: int
    review_title: str = Field(alias="review.title")
    lesson_id: int | None
    title: str
    description: str
    owner: UserRef | None
    owner_department: DepartmentRef | None
    due_date: date
    status: str
    status_label: str
    is_overdue: bool
    done_at: datetime | None
    done_on_time: bool | None
    evidence: str
    version: int

    @staticmethod
    def resolve_status_label(action: ActionItem) -> str:
        return label(ActionItem.Status, action.status)


def _action(authority, action_id: int) -> ActionItem:
    return get_object_or_404(selectors.action_detail(authority, action_id).prefetch_related("review__participants"))


def _owner(authority, owner_id: int | None):
    """Any user with this id: whether they may own an action of this authority is the service's rule."""
    if owner_id is None:
        return None
    owner = get_user_model().objects.filter(pk=owner_id).first()
    if owner is None:
        raise invalid("owner_id", _("The owner must be an active member of this authority who can act "
                                    "(not an auditor or a viewer)."))
    return owner


def _department(authority, department_id: int | None):
    return one_of(Department.objects.filter(authority=authority), department_id, "owner_department_id",
                  _("The department must be an active department of this authority."))


def _lesson(authority, lesson_id: int | None):
    return one_of(Lesson.objects.filter(authority=authority), lesson_id, "lesson_id",
                  _("Choose a lesson of this review."))


@router.get(f"{BASE}/actions", response=list[ActionOut], summary="List action items")
@paginate(Pages)
def list_actions(request, authority_slug: str, filters: Query[ActionFilters]):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        queryset = (
            ActionItem.objects.filter(authority=authority)
            .select_related("review", "owner", "owner_department")
            .order_by("due_date", "id")
        )
        if filters.owner_id is not None:
            membership = Membership.objects.filter(authority=authority, user_id=filters.owner_id).select_related(
                "user").first()
            if membership is None:
                return queryset.none()
            queryset = queryset & selectors.my_actions(authority, membership.user, membership)
        if filters.department_id is not None:
            department = Department.objects.filter(authority=authority, pk=filters.department_id).first()
            if department is None:
                return queryset.none()
            queryset = queryset & selectors.department_actions(authority, department)
        if filters.review_id is not None:
            queryset = queryset.filter(review_id=filters.review_id)
        return selectors.filter_actions(queryset, status=filters.status, overdue=filters.overdue)


@router.post(f"{BASE}/reviews/{{int:review_id}}/actions", response={201: ActionOut, 422: ErrorOut},
             summary="Add an action item to a review")
def create_action(request, authority_slug: str, review_id: int, payload: ActionIn):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        review = load_review(request.authority, review_id)
        check(request, "lessons.manage_actions", review)
        owner = _owner(authority, payload.owner_id)
        department = _department(authority, payload.owner_department_id)
        lesson = _lesson(authority, payload.lesson_id)
        with service_errors():
            action = services.add_action(
                review=review, title=payload.title, due_date=payload.due_date, by=request.user, owner=owner,
                owner_department=department, lesson=lesson, description=payload.description,
            )
        return Status(201, ActionOut.from_orm(_action(authority, action.pk)))


@router.get(f"{BASE}/actions/{{int:action_id}}", response=ActionOut, summary="Read an action item")
def get_action(request, authority_slug: str, action_id: int):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        return ActionOut.from_orm(_action(authority, action_id))


@router.patch(f"{BASE}/actions/{{int:action_id}}", response={200: ActionOut, 409: LessonsConflictOut, 422: ErrorOut},
              summary="Edit an action item (what, owner, due date, lesson, details)")
def update_action(request, authority_slug: str, action_id: int, payload: ActionPatch):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        action = _action(authority, action_id)
        check(request, "lessons.manage_actions", action)
        sent = payload.dict(exclude_unset=True)
        owner = _owner(authority, payload.owner_id) if "owner_id" in sent else action.owner
        department = (
            _department(authority, payload.owner_department_id) if "owner_department_id" in sent
            else action.owner_department
        )
        lesson = _lesson(authority, payload.lesson_id) if "lesson_id" in sent else action.lesson
        try:
            with service_errors():
                services.update_action(
                    action=action, by=request.user, version=payload.version,
                    title=sent.get("title") or action.title,
                    due_date=sent.get("due_date") or action.due_date,
                    owner=owner, owner_department=department, lesson=lesson,
                    description=sent["description"] if sent.get("description") is not None else action.description,
                )
        except StaleVersion as conflict:
            yours = {k: iso(v) if isinstance(v, date) else v for k, v in sent.items()}
            current = plain(ActionOut.from_orm(_action(authority, conflict.current.pk)))
            return Status(409, conflict_body(yours=yours, current=current))
        return ActionOut.from_orm(_action(authority, action_id))


@router.post(f"{BASE}/actions/{{int:action_id}}/status", response={200: ActionOut, 409: LessonsConflictOut, 422: ErrorOut},
             summary="Change an action's status (done needs evidence)")
def set_action_status(request, authority_slug: str, action_id: int, payload: StatusIn):
    with authority_access(request, authority_slug, "lessons.view") as authority:
        action = _action(authority, action_id)
        check(request, "lessons.update_action", action)
        try:
            with service_errors():
                services.set_action_status(action=action, status=payload.status, by=request.user,
                                           version=payload.version, evidence=payload.evidence)
        except StaleVersion as conflict:
            return Status(409, conflict_body(
                yours={"status": str(payload.status), "evidence": payload.evidence, "version": payload.version},
                current=plain(ActionOut.from_orm(_action(authority, conflict.current.pk))),
            ))
        return ActionOut.from_orm(_action(authority, action_id))
