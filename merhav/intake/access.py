"""Which sections of the questionnaire a user sees, in one authority. The one place that decides it:
pages, lists, exports, search, notifications and the API all ask here.

The intake coordinator sees every section. A member of a department sees the core and the sections that
department owns (the authority may give a section to another department, merhav.intake.models.
SectionSetting). Everyone else sees no evacuee at all.
"""

from __future__ import annotations

from django.db.models import Model
from django_scopes import scope

from merhav.core.users import AnyUser
from merhav.tenancy.models import Department, StandardDepartment
from merhav.tenancy.policy import membership_in
from merhav.tenancy.roles import Role

from .models import SectionKey, SectionSetting

# The standard department that owns each section until the authority says otherwise.
DEFAULT_OWNER = {
    SectionKey.WELFARE: StandardDepartment.WELFARE,
    SectionKey.EDUCATION: StandardDepartment.EDUCATION,
    SectionKey.SPECIAL_EDUCATION: StandardDepartment.EDUCATION,
    SectionKey.HEALTH: StandardDepartment.HEALTH,
}

ALL_SECTIONS = tuple(SectionKey.values)


def section_owners(authority_id: int) -> dict[str, int | None]:
    """Each section's owner department id (None: only the coordinator works on it). Two queries."""
    with scope(authority=authority_id):
        settings = dict(SectionSetting.objects.filter(authority_id=authority_id).values_list("section", "department_id"))
        standard = {}
        for pk, kind in (Department.objects.filter(authority_id=authority_id, is_active=True)
                         .order_by("id").values_list("pk", "kind")):
            standard.setdefault(kind, pk)
    owners: dict[str, int | None] = {}
    for key in ALL_SECTIONS:
        if key in settings:
            owners[key] = settings[key]
        else:
            kind = DEFAULT_OWNER.get(SectionKey(key))
            owners[key] = standard.get(kind) if kind else None
    return owners


def is_coordinator(user: AnyUser, obj: Model | object) -> bool:
    membership = membership_in(user, obj)
    return bool(membership and membership.role == Role.INTAKE_COORDINATOR)


def visible_sections(user: AnyUser, obj: Model | object) -> tuple[str, ...]:
    """The section keys this user sees in the object's authority, in the questionnaire's order. Cached
    on the user for the request."""
    membership = membership_in(user, obj)
    if membership is None:
        return ()
    cache = user.__dict__.setdefault("_intake_sections", {})
    if membership.authority_id in cache:
        return cache[membership.authority_id]
    if membership.role == Role.INTAKE_COORDINATOR:
        sections: tuple[str, ...] = ALL_SECTIONS
    elif membership.department_id is None or membership.role in (Role.AUDITOR, Role.VIEWER):
        sections = ()
    else:
        owners = section_owners(membership.authority_id)
        sections = tuple(key for key in ALL_SECTIONS if owners[key] == membership.department_id)
    cache[membership.authority_id] = sections
    return sections


def sees_evacuees(user: AnyUser, obj: Model | object) -> bool:
    return bool(visible_sections(user, obj))
