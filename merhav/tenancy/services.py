"""Writes on authorities, departments and memberships. Each function is one transaction."""

from django.db import transaction

from merhav.audit.services import Action, record

from .models import Authority, Department, Membership, StandardDepartment
from .selectors import forget_memberships


@transaction.atomic
def create_authority(*, name_he: str, slug: str, code: str, name_ar: str = "", name_en: str = "",
                     kind: str = Authority.Kind.CITY, district: str = "", population: int | None = None,
                     region=None, by=None, request=None) -> Authority:
    """Create an authority with the standard list of departments."""
    authority = Authority.objects.create(
        name_he=name_he, name_ar=name_ar, name_en=name_en, slug=slug, code=code, kind=kind,
        district=district, population=population, region=region,
    )
    Department.objects.bulk_create(
        [Department(authority=authority, kind=kind) for kind in StandardDepartment.values]
    )
    record(action=Action.CREATE, user=by, request=request, obj=authority, authority=authority)
    return authority


@transaction.atomic
def set_membership(*, authority: Authority, user, role: str, department: Department | None = None,
                   title: str = "", by=None, request=None) -> Membership:
    """Give a user a role in an authority (or change it). Logged as a permission change."""
    membership = Membership.objects.filter(authority=authority, user=user).first()
    if membership is None:
        membership = Membership.objects.create(
            authority=authority, user=user, role=role, department=department, title=title
        )
        changed = ["role", "department", "is_active"]
    else:
        new = {"role": role, "department": department, "title": title, "is_active": True}
        changed = [name for name, value in new.items() if getattr(membership, name) != value]
        for name, value in new.items():
            setattr(membership, name, value)
        membership.version += 1
        membership.save()
    if changed:
        record(action=Action.PERMISSION_CHANGE, user=by, request=request, obj=membership,
               authority=authority, fields=changed)
    forget_memberships(user)
    return membership
