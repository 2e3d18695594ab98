"""Writes on authorities, regions, departments, memberships and invitations. Each function is one
transaction and writes the audit log (field names only).

Functions that take an object (a membership, a department…) work inside that object's authority scope
themselves, so they can be called from an authority page, the national pages or a background task.
Concurrent edits are detected with the row's `version`: the caller passes the version its form was
built from, and a stale one raises merhav.core.versioning.StaleVersion instead of overwriting. The
acting user is `by`; the client's address and the request id reach the audit log from the request
context (merhav.core.context).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, changed_fields, record
from merhav.core.users import User
from merhav.core.versioning import apply_changes, lock_current
from merhav.core.versioning import changed_fields as changed_values

from .models import (
    Authority,
    Department,
    Invitation,
    Membership,
    PeopleImport,
    Region,
    StandardDepartment,
    default_invitation_expiry,
)
from .roles import Role
from .selectors import forget_memberships, membership_for_email

# Membership fields whose change is a change of what the person may do.
PERMISSION_FIELDS = frozenset({"role", "department", "is_active"})


class MembershipRuleError(ValueError):
    """A change that would break a rule of the authority (e.g. leave it without an admin)."""


class InvitationError(ValueError):
    """An invitation that cannot be sent, accepted, resent or revoked; the message says why."""


# --- authorities and regions (national administration) -------------------------------------------

@transaction.atomic
def create_authority(*, name_he: str, slug: str, code: str, name_ar: str = "", name_en: str = "",
                     kind: str = Authority.Kind.CITY, district: str = "", population: int | None = None,
                     region: Region | None = None, is_active: bool = True, by: User | None = None) -> Authority:
    """Create an authority with the standard list of departments."""
    authority = Authority.objects.create(
        name_he=name_he, name_ar=name_ar, name_en=name_en, slug=slug, code=code, kind=kind,
        district=district, population=population, region=region, is_active=is_active,
    )
    add_standard_departments(authority=authority)
    record(action=Action.CREATE, user=by, obj=authority, authority=authority)
    return authority


def add_standard_departments(*, authority: Authority) -> None:
    """The standard list of departments, which each authority then renames and extends."""
    Department.objects.bulk_create(
        [Department(authority=authority, kind=kind) for kind in StandardDepartment.values]
    )


AUTHORITY_EDITABLE = ("name_he", "name_ar", "name_en", "code", "kind", "district", "population", "region",
                      "is_active")


@transaction.atomic
def update_authority(*, authority: Authority, by: User | None = None, **values: Any) -> list[str]:
    """Change an authority's details (not its slug: addresses depend on it). Returns the changed names."""
    unknown = set(values) - set(AUTHORITY_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    changed = changed_fields(authority, values)
    if changed:
        for name in changed:
            setattr(authority, name, values[name])
        authority.save(update_fields=changed)
        record(action=Action.UPDATE, user=by, obj=authority, authority=authority, fields=changed)
    return changed


@transaction.atomic
def create_region(*, name_he: str, slug: str, name_ar: str = "", name_en: str = "",
                  by: User | None = None) -> Region:
    region = Region.objects.create(name_he=name_he, name_ar=name_ar, name_en=name_en, slug=slug)
    record(action=Action.CREATE, user=by, obj=region, authority=None)
    return region


@transaction.atomic
def update_region(*, region: Region, by: User | None = None, **values: Any) -> list[str]:
    unknown = set(values) - {"name_he", "name_ar", "name_en", "slug"}
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    changed = changed_fields(region, values)
    if changed:
        for name in changed:
            setattr(region, name, values[name])
        region.save(update_fields=changed)
        record(action=Action.UPDATE, user=by, obj=region, authority=None, fields=changed)
    return changed


# --- memberships ------------------------------------------------------------------------------------

@transaction.atomic
def set_membership(*, authority: Authority, user: User, role: str, department: Department | None = None,
                   title: str = "", by: User | None = None) -> Membership:
    """Give a user a role in an authority (or change it). Logged as a permission change."""
    with scope(authority=authority):
        membership = Membership.objects.select_for_update().filter(authority=authority, user=user).first()
        if membership is None:
            membership = Membership.objects.create(
                authority=authority, user=user, role=role, department=department, title=title
            )
            changed = ["role", "department", "is_active"] + (["title"] if title else [])
        else:
            changed = apply_changes(
                membership, {"role": role, "department": department, "title": title, "is_active": True}
            )
    if changed:
        record(action=Action.PERMISSION_CHANGE, user=by, obj=membership, authority=authority, fields=changed)
    forget_memberships(user)
    return membership


def _locked_membership(membership: Membership, *, version: int) -> Membership:
    """The membership as saved now, locked for this transaction; StaleVersion if it moved on."""
    rows = Membership.objects.select_for_update(of=("self",)).select_related("user", "department")
    return lock_current(rows, version=version, pk=membership.pk)


def _is_active_admin(role: str, is_active: bool) -> bool:
    return is_active and role == Role.AUTHORITY_ADMIN


def _ensure_another_admin(membership: Membership) -> None:
    others = (
        Membership.objects.filter(authority_id=membership.authority_id, role=Role.AUTHORITY_ADMIN, is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise MembershipRuleError(_("The authority needs at least one active authority admin."))


def _save_membership(current: Membership, new: dict[str, Any], *, by: User | None) -> list[str]:
    if not changed_values(current, new):
        return []
    if _is_active_admin(current.role, current.is_active) and not _is_active_admin(
        new.get("role", current.role), new.get("is_active", current.is_active)
    ):
        _ensure_another_admin(current)
    changed = apply_changes(current, new)
    action = Action.PERMISSION_CHANGE if PERMISSION_FIELDS & set(changed) else Action.UPDATE
    record(action=action, user=by, obj=current, authority=current.authority_id, fields=changed)
    forget_memberships(current.user)
    return changed


@transaction.atomic
def update_membership(*, membership: Membership, version: int, role: str,
                      department: Department | None, title: str, by: User | None = None) -> list[str]:
    """Change a member's role, department and job title. Returns the changed field names."""
    if department is not None and department.authority_id != membership.authority_id:
        raise ValueError("The department belongs to another authority.")
    with scope(authority=membership.authority_id):
        current = _locked_membership(membership, version=version)
        return _save_membership(current, {"role": role, "department": department, "title": title.strip()}, by=by)


@transaction.atomic
def set_membership_active(*, membership: Membership, version: int, active: bool,
                          by: User | None = None) -> bool:
    """Deactivate or reactivate a membership. Returns whether anything changed."""
    with scope(authority=membership.authority_id):
        current = _locked_membership(membership, version=version)
        return bool(_save_membership(current, {"is_active": active}, by=by))


# --- departments ------------------------------------------------------------------------------------

@transaction.atomic
def create_department(*, authority: Authority, custom_name: str, by: User | None = None) -> Department:
    """Add a department of the authority's own (kind "other", named by the authority)."""
    with scope(authority=authority):
        department = Department.objects.create(
            authority=authority, kind=StandardDepartment.OTHER, custom_name=custom_name.strip()
        )
    record(action=Action.CREATE, user=by, obj=department, authority=authority, fields=["custom_name"])
    return department


@transaction.atomic
def update_department(*, department: Department, version: int, custom_name: str, is_active: bool,
                      by: User | None = None) -> list[str]:
    """Rename (custom_name, empty = the standard name), deactivate or reactivate a department."""
    with scope(authority=department.authority_id):
        current = lock_current(Department.objects, version=version, pk=department.pk)
        new = {"custom_name": custom_name.strip(), "is_active": is_active}
        if current.kind == StandardDepartment.OTHER and not new["custom_name"]:
            raise ValueError("A department of the authority's own needs a name.")
        changed = apply_changes(current, new)
        if changed:
            record(action=Action.UPDATE, user=by, obj=current, authority=current.authority_id, fields=changed)
    return changed


# --- invitations ------------------------------------------------------------------------------------

def _queue_invitation_email(invitation: Invitation) -> None:
    from .tasks import send_invitation_email

    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation_id))


@transaction.atomic
def invite_member(*, authority: Authority, email: str, full_name: str = "", role: str = Role.STAFF,
                  department: Department | None = None, title: str = "", by: User | None = None,
                  send: bool = True) -> Invitation:
    """Invite a person by email to join the authority with a role. An earlier pending invitation of the
    same address to this authority is revoked (the new one replaces it). The email goes out by a task."""
    email = email.strip().lower()
    if department is not None and department.authority_id != authority.pk:
        raise ValueError("The department belongs to another authority.")
    if membership_for_email(authority, email) is not None:
        raise InvitationError(_("This person is already a member of the authority. Change their membership instead."))
    now = timezone.now()
    with scope(authority=authority):
        superseded = list(
            Invitation.objects.filter(
                authority=authority, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
            ).values_list("pk", flat=True)
        )
        if superseded:
            Invitation.objects.filter(pk__in=superseded).update(revoked_at=now)
        invitation = Invitation.objects.create(
            authority=authority, email=email, full_name=full_name.strip(), role=role, department=department,
            title=title.strip(), invited_by=by if by is not None and by.is_authenticated else None,
        )
    for pk in superseded:
        record(action=Action.UPDATE, user=by, authority=authority,
               object_type=invitation._meta.label_lower, object_id=pk, fields=["revoked_at"])
    record(action=Action.CREATE, user=by, obj=invitation, authority=authority, fields=["email", "role", "department"])
    if send:
        _queue_invitation_email(invitation)
    return invitation


def _locked_invitation(invitation: Invitation) -> Invitation:
    with scope(authority=invitation.authority_id):
        return Invitation.objects.select_for_update(of=("self",)).select_related("authority").get(pk=invitation.pk)


@transaction.atomic
def resend_invitation(*, invitation: Invitation, by: User | None = None) -> Invitation:
    """Send a pending invitation again, with a fresh expiry (the link stays the same)."""
    current = _locked_invitation(invitation)
    if not current.is_pending:
        raise InvitationError(_("Only a pending invitation can be sent again."))
    current.expires_at = default_invitation_expiry()
    current.save(update_fields=["expires_at"])
    record(action=Action.UPDATE, user=by, obj=current, authority=current.authority_id, fields=["expires_at"])
    _queue_invitation_email(current)
    return current


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User | None = None) -> Invitation:
    current = _locked_invitation(invitation)
    if not current.is_pending:
        raise InvitationError(_("Only a pending invitation can be revoked."))
    current.revoked_at = timezone.now()
    current.save(update_fields=["revoked_at"])
    record(action=Action.UPDATE, user=by, obj=current, authority=current.authority_id, fields=["revoked_at"])
    return current


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation of an emailed link, from any authority (the token is the credential)."""
    from django_scopes import scopes_disabled

    if not token or len(token) > 64:
        return None
    with scopes_disabled():
        return (
            Invitation.objects.select_related("authority", "department", "invited_by")
            .filter(token=token, authority__is_active=True)
            .first()
        )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why the invitation cannot be accepted (a message for the person), or None."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link.")
    if invitation.accepted_at is not None:
        return _("This invitation was already used. Log in to reach the authority.")
    if invitation.revoked_at is not None:
        return _("This invitation was cancelled. Ask the authority's admin for a new one.")
    if invitation.is_expired:
        return _("This invitation has expired. Ask the authority's admin to send it again.")
    return None


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """The invited person (already logged in as `user`) accepts: they get the membership."""
    current = _locked_invitation(invitation)
    problem = invitation_problem(current)
    if problem:
        raise InvitationError(problem)
    if user.email.lower() != current.email.lower():
        raise InvitationError(_("This invitation was sent to a different email address."))
    with scope(authority=current.authority):
        department = current.department if current.department is not None and current.department.is_active else None
    membership = set_membership(authority=current.authority, user=user, role=current.role, department=department,
                                title=current.title, by=user)
    current.accepted_at = timezone.now()
    current.save(update_fields=["accepted_at"])
    record(action=Action.UPDATE, user=user, obj=current, authority=current.authority, fields=["accepted_at"])
    return membership


@transaction.atomic
def accept_invitation_as_new_user(*, invitation: Invitation, full_name: str, password: str,
                                  language: str = "he") -> User:
    """Create the account of an invited person who has none, and accept the invitation with it."""
    accounts = get_user_model()
    if accounts.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError(_("An account with this email address already exists. Log in to accept."))
    user = accounts.objects.create_user(email=invitation.email, password=password, full_name=full_name.strip(),
                                    language=language)
    record(action=Action.CREATE, user=user, obj=user, authority=invitation.authority_id,
           fields=["email", "full_name", "password"])
    accept_invitation(invitation=invitation, user=user)
    return user


# --- people import (.xlsx) --------------------------------------------------------------------------

class ImportHasErrors(Exception):
    """The sheet has rows with errors (or they appeared since the preview): nothing was applied."""

    def __init__(self, rows: list[Any]):
        super().__init__("rows with errors")
        self.rows = rows


@transaction.atomic
def store_people_import(*, authority: Authority, content: bytes, file_name: str = "", by: User) -> PeopleImport:
    """Keep an uploaded sheet on the server and have the worker read it (tasks.check_people_import): a
    hostile file costs the worker, within the reader's bounds, and never a web process."""
    from .tasks import check_people_import
    with scope(authority=authority):
        stored = PeopleImport.objects.create(authority=authority, created_by=by, upload=content,
                                             file_name=file_name[:200], status=PeopleImport.Status.CHECKING)
    stored_id = stored.pk
    transaction.on_commit(lambda: check_people_import.enqueue(people_import_id=stored_id))
    return stored


@transaction.atomic
def apply_people_import(*, people_import: PeopleImport, by: User) -> dict[str, int]:
    """Check the rows again against the database as it is now and apply them all, or none.

    New people get an invitation (the email goes out after the commit); members get their role,
    department and job title changed. Raises ImportHasErrors with the checked rows when any is wrong.
    """
    from .people_import import check_rows

    authority = people_import.authority
    with scope(authority=authority):
        locked = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
        if locked.applied_at is not None:
            raise InvitationError(_("This sheet was already applied."))
        if locked.status != PeopleImport.Status.READY:
            raise InvitationError(_("This sheet has not been checked yet."))
        rows = check_rows(authority=authority, raw_rows=locked.rows)
        if any(row.errors for row in rows):
            raise ImportHasErrors(rows)
        counts = {"invited": 0, "updated": 0}
        for row in rows:
            values = row.new_values
            if row.membership is None:
                invite_member(authority=authority, email=row.email, full_name=row.full_name, role=values["role"],
                              department=values["department"], title=values["title"], by=by)
                counts["invited"] += 1
            elif row.action == "update":
                update_membership(membership=row.membership, version=row.membership.version, by=by, **values)
                counts["updated"] += 1
        locked.applied_at = timezone.now()
        locked.rows = []  # personal data is not kept once applied
        locked.invited_count, locked.updated_count = counts["invited"], counts["updated"]
        locked.save(update_fields=["applied_at", "rows", "invited_count", "updated_count"])
    record(action=Action.CREATE, user=by, obj=locked, authority=authority,
           fields=["invited_count", "updated_count"])
    return counts
