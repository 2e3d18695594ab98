"""Programmes, communities and their members."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, changed_fields, lock_current
from merhav.tenancy.models import Authority, StandardDepartment

from ..access import forget_access
from ..models import CommitteeMeeting, Community, CommunityMember, Programme, ProgrammeRole
from .common import notify, raise_if, required, text


def create_programme(*, name: str, description: str = "", manager: User | None = None) -> Programme:
    """A national programme; its manager (the acting user by default) runs it."""
    errors: dict[str, str] = {}
    name = text(name, 200)
    required(errors, "name", name)
    raise_if(errors)
    user = context.current_user()
    with transaction.atomic():
        programme = Programme.objects.create(name=name, description=text(description), created_by=user)
        record(action=Action.CREATE, obj=programme, fields=["name", "description"] if description else ["name"])
        if manager or user:
            ProgrammeRole.objects.create(programme=programme, user=manager or user, role=ProgrammeRole.Role.MANAGER)
    forget_access(manager or user)
    return programme


def add_programme_role(*, programme: Programme, user: User, role: str) -> ProgrammeRole:
    errors: dict[str, str] = {}
    if role not in ProgrammeRole.Role.values:
        errors["role"] = _("Select a valid choice. That choice is not one of the available choices.")
    raise_if(errors)
    with transaction.atomic():
        row, created = ProgrammeRole.objects.get_or_create(programme=programme, user=user, role=role)
        if created:
            record(action=Action.PERMISSION_CHANGE, obj=row, fields=["role"])
    forget_access(user)
    return row


def _community_values(*, name: str, shared_role: str, department_kind: str, description: str, stage: str,
                      finish_line: date | None) -> dict:
    errors: dict[str, str] = {}
    values = {"name": text(name, 200), "shared_role": text(shared_role, 200), "description": text(description),
              "department_kind": department_kind or StandardDepartment.OTHER, "stage": stage,
              "finish_line": finish_line}
    required(errors, "name", values["name"])
    required(errors, "shared_role", values["shared_role"])
    if values["department_kind"] not in StandardDepartment.values:
        errors["department_kind"] = _("Select a valid choice. That choice is not one of the available choices.")
    if stage not in Community.Stage.values:
        errors["stage"] = _("Select a valid choice. That choice is not one of the available choices.")
    raise_if(errors)
    return values


def create_community(*, programme: Programme, name: str, shared_role: str,
                     department_kind: str = StandardDepartment.OTHER, description: str = "",
                     stage: str = Community.Stage.ESTABLISHMENT, finish_line: date | None = None) -> Community:
    values = _community_values(name=name, shared_role=shared_role, department_kind=department_kind,
                               description=description, stage=stage, finish_line=finish_line)
    user = context.current_user()
    with transaction.atomic():
        community = Community.objects.create(programme=programme, created_by=user, updated_by=user, **values)
        record(action=Action.CREATE, obj=community, fields=[k for k, v in values.items() if v])
    return community


def update_community(*, community: Community, version: int, name: str, shared_role: str, department_kind: str,
                     description: str, stage: str, finish_line: date | None, wartime: bool) -> list[str]:
    """Save an edit made from `version`; StaleVersion when someone saved since (nothing is overwritten)."""
    changes = {**_community_values(name=name, shared_role=shared_role, department_kind=department_kind,
                                   description=description, stage=stage, finish_line=finish_line),
               "wartime": bool(wartime)}
    with transaction.atomic():
        current: Community = lock_current(Community.objects, pk=community.pk, version=version)
        changed = changed_fields(current, changes)
        if changed:
            apply_changes(current, {**changes, "updated_by": context.current_user()})
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def add_member(*, community: Community, user: User, authority: Authority | None, role: str = CommunityMember.Role.CORE,
               job_title: str = "", gender: str = CommunityMember.Gender.OTHER, sector: str = "",
               seniority_years: int | None = None, joined_on: date | None = None) -> CommunityMember:
    """A person joins the community (or comes back, with the role given); they are told so."""
    errors: dict[str, str] = {}
    if role not in CommunityMember.Role.values:
        errors["role"] = _("Select a valid choice. That choice is not one of the available choices.")
    if gender not in CommunityMember.Gender.values:
        errors["gender"] = _("Select a valid choice. That choice is not one of the available choices.")
    if sector and sector not in CommunityMember.Sector.values:
        errors["sector"] = _("Select a valid choice. That choice is not one of the available choices.")
    raise_if(errors)
    values: dict[str, object] = {"authority": authority, "role": role, "job_title": text(job_title, 150), "gender": gender,
              "sector": sector, "seniority_years": seniority_years, "is_active": True}
    if joined_on:
        values["joined_on"] = joined_on
    with transaction.atomic():
        member, created = CommunityMember.objects.update_or_create(community=community, user=user, defaults=values)
        record(action=Action.CREATE if created else Action.UPDATE, obj=member, fields=sorted(values))
        name = community.name
        notify([user], kind="communities.member_added", url=reverse("communities:detail", args=[community.pk]),
               title=lambda: _("You joined the learning community %(name)s") % {"name": name},
               dedupe_key=f"communities.member:{member.pk}:{int(created)}")
    forget_access(user)
    return member


def create_committee_meeting(*, programme: Programme, committee: str, held_on: date, agenda: str = "",
                             summary: str = "") -> CommitteeMeeting:
    """A meeting of the advisory or the steering committee; the committee's members are told."""
    errors: dict[str, str] = {}
    if committee not in CommitteeMeeting.Committee.values:
        errors["committee"] = _("Select a valid choice. That choice is not one of the available choices.")
    raise_if(errors)
    with transaction.atomic():
        meeting = CommitteeMeeting.objects.create(programme=programme, committee=committee, held_on=held_on,
                                                  agenda=text(agenda), summary=text(summary))
        record(action=Action.CREATE, obj=meeting, fields=["committee", "held_on", "agenda", "summary"])
        people = User.objects.filter(programme_roles__programme=programme, programme_roles__role=committee)
        label, day = str(meeting.get_committee_display()), held_on.strftime("%d.%m.%Y")
        notify(people, kind="communities.committee", url=reverse("communities:programme", args=[programme.pk]),
               title=lambda: _("A meeting of the %(committee)s on %(day)s") % {"committee": label, "day": day},
               dedupe_key=f"communities.committee:{meeting.pk}")
    return meeting
