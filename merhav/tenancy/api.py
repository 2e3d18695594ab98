"""API for the platform: the current user, authorities, departments, memberships.

Every authority endpoint goes through merhav.tenancy.access.authority_access(): an outsider gets 404,
a member without the permission 403 (a refused write is written to the audit log), like the pages.
"""

from datetime import datetime
from functools import partial
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from merhav.audit.services import personal_rows_shown
from merhav.core.api.errors import ApiValidationError, ErrorOut
from merhav.core.api.pagination import Pages, Rows
from merhav.core.versioning import StaleVersion

from . import selectors
from . import services as tenancy_services
from .access import authority_access
from .models import Department, Membership
from .roles import Role
from .selectors import memberships_of

router = Router(tags=["platform"])


class MembershipOut(Schema):
    authority: str
    authority_name: str
    role: str
    department: str | None


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "memberships": [
            {
                "authority": m.authority.slug,
                "authority_name": m.authority.name,
                "role": m.role,
                "department": m.department.name if m.department else None,
            }
            for m in memberships_of(user).values()
        ],
    }


class AuthorityOut(Schema):
    slug: str
    name: str
    code: str
    kind: str


@router.get("/authorities", response=list[AuthorityOut])
def authorities(request):
    return [
        {"slug": m.authority.slug, "name": m.authority.name, "code": m.authority.code, "kind": m.authority.kind}
        for m in memberships_of(request.auth).values()
    ]


class DepartmentOut(Schema):
    id: int
    name: str
    kind: str
    is_active: bool


@router.get("/authorities/{authority_slug}/departments", response=list[DepartmentOut])
def departments(request, authority_slug: str):
    with authority_access(request, authority_slug, "tenancy.view_authority") as authority:
        return list(selectors.departments(authority))


# --- memberships ------------------------------------------------------------------------------------

MEMBERS_BASE = "/authorities/{authority_slug}/memberships"


class PersonOut(Schema):
    id: int
    full_name: str
    email: str | None = Field(description="Only for roles that may see contact details (admin, CEO, auditor).")

    @staticmethod
    def resolve_email(user: Any, context: dict[str, Any]) -> str | None:
        request = context["request"]
        return user.email if request.user.has_perm("tenancy.view_contact_details", request.authority) else None


class DepartmentRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(department: Department) -> str:
        return str(department.name)


class MemberOut(Schema):
    id: int
    user: PersonOut
    role: Role
    role_label: str
    department: DepartmentRef | None
    title: str
    is_active: bool
    version: int = Field(description="Send it back when you change the membership (PATCH).")

    @staticmethod
    def resolve_role_label(membership: Membership) -> str:
        return str(membership.get_role_display())


class MemberFilters(Schema):
    role: Role | None = None
    active: bool | None = None


class MemberIn(Schema):
    email: str = Field(..., max_length=254, description="The person's email address: an invitation goes there.")
    role: Role
    department_id: int | None = None
    title: str = Field("", max_length=150)


class InvitationOut(Schema):
    id: int = Field(description="The invitation's id (the membership exists once the person accepts).")
    status: Literal["pending"]
    expires_at: datetime


class MemberPatch(Schema):
    version: int
    role: Role | None = None
    department_id: int | None = Field(None, description="null removes the department; leave out to keep it.")
    title: str | None = Field(None, max_length=150)
    is_active: bool | None = None



class ConflictOut(ErrorOut):
    current: MemberOut


def _department(authority, department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    department = Department.objects.filter(authority=authority, pk=department_id).first()
    if department is None:
        raise ApiValidationError({"department_id": [_("Choose a department of this authority.")]})
    return department


def _membership(authority, membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.filter(authority=authority).select_related("user", "department"),
                             pk=membership_id)


@router.get(MEMBERS_BASE, response=list[MemberOut])
@paginate(Pages, default_limit=50)
def memberships(request, authority_slug: str, filters: Query[MemberFilters]):
    """The authority's people, active first, by name."""
    with authority_access(request, authority_slug, "tenancy.view_people") as authority:
        rows = selectors.members(authority).order_by("-is_active", "user__full_name", "pk")
        if filters.role:
            rows = rows.filter(role=filters.role)
        if filters.active is not None:
            rows = rows.filter(is_active=filters.active)
        shows_email = request.user.has_perm("tenancy.view_contact_details", authority)
        # The e-mails shown are a read of personal data: the people of the page go to the audit log.
        return Rows(rows, then=partial(personal_rows_shown, person="user") if shows_email else None)


@router.post(MEMBERS_BASE, response={202: InvitationOut, 422: ErrorOut})
def create_membership(request, authority_slug: str, payload: MemberIn):
    """Invite a person to the authority with a role (authority admins), as the People page does: an email
    with a link goes to the address, and the membership exists once the person accepts. The answer is the
    same whether or not the address has an account on the platform."""
    with authority_access(request, authority_slug, "tenancy.manage_people") as authority:
        email = payload.email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise ApiValidationError({"email": [_("Enter a valid email address.")]})
        department = _department(authority, payload.department_id)
        try:
            invitation = tenancy_services.invite_member(
                authority=authority, email=email, role=payload.role, department=department,
                title=payload.title.strip(), by=request.user,
            )
        except tenancy_services.InvitationError as refused:
            raise ApiValidationError({"email": [str(refused)]})
        return Status(202, {"id": invitation.pk, "status": "pending", "expires_at": invitation.expires_at})


@router.patch(MEMBERS_BASE + "/{int:membership_id}", response={200: MemberOut, 409: ConflictOut, 422: ErrorOut})
def update_membership(request, authority_slug: str, membership_id: int, payload: MemberPatch):
    """Change a member's role, department, job title or whether the membership is active (authority admins).
    `version` must be the one you read: if someone changed the membership since, the answer is 409."""
    with authority_access(request, authority_slug, "tenancy.manage_people") as authority:
        membership = _membership(authority, membership_id)
        sent = payload.model_fields_set
        department = (_department(authority, payload.department_id) if "department_id" in sent
                      else membership.department)
        try:
            with transaction.atomic():
                version = payload.version
                if sent & {"role", "department_id", "title"}:
                    tenancy_services.update_membership(
                        membership=membership, version=version,
                        role=payload.role if payload.role is not None else membership.role,
                        department=department,
                        title=payload.title if payload.title is not None else membership.title,
                        by=request.user,
                    )
                    version = Membership.objects.values_list("version", flat=True).get(pk=membership.pk)
                if payload.is_active is not None:
                    tenancy_services.set_membership_active(
                        membership=membership, version=version, active=payload.is_active,
                        by=request.user,
                    )
        except StaleVersion as stale:
            current = _membership(authority, stale.current.pk)
            return Status(409, {
                "detail": _("Someone else changed this membership after you read it. Nothing was saved: "
                            "read it again and send the current version."),
                "errors": {"version": [_("This was changed by someone else.")]},
                "current": current,
            })
        except tenancy_services.MembershipRuleError as refused:
            field = "is_active" if payload.is_active is False else "role"
            raise ApiValidationError({field: [str(refused)]})
        return _membership(authority, membership.pk)
