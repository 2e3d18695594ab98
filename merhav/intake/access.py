"""Which sections of the questionnaire a user sees, in one authority. The one place that decides it:
pages, lists, exports, search, notifications and the API all ask here.

The intake coordinator sees every section. A member of a department sees the core and the sections that
department owns (the authority may give a section to another department, merhav.intake.models.
SectionSetting). Everyone else sees no evacuee at all.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

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
    """Each section's owner department id (None: only the coordinator works on it). One query: every page's
    navigation asks it for a department's member, so the authority's settings and its active departments
    come back together (both tables filtered by the authority, as the scoped managers would)."""
    settings_table, department_table = (connection.ops.quote_name(model._meta.db_table)
                                        for model in (SectionSetting, Department))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 's', section, department_id FROM {settings_table} WHERE authority_id = %s "  # noqa: S608
            f"UNION ALL SELECT 'd', kind, id FROM {department_table} WHERE authority_id = %s AND is_active "
            "ORDER BY 1, 3",
            [authority_id, authority_id],
        )
        rows = cursor.fetchall()
    settings: dict[str, int | None] = {}
    standard: dict[str, int] = {}
    for source, key, pk in rows:
        if source == "s":
            settings[key] = pk
        else:
            standard.setdefault(key, pk)
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
