"""Recruitment: the call for applications, the member mix, screening, interviews, the decision."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core.versioning import apply_changes, lock_current
from merhav.tenancy.models import Authority

from ..models import LEADING_ROLES, Application, Call, Community, CommunityMember, InterviewQuestion, MixTarget
from .common import notify, raise_if, required, text
from .programmes import add_member


def create_call(*, community: Community, title: str, text_of_call: str = "", closes_on: date | None = None) -> Call:
    errors: dict[str, str] = {}
    title = text(title, 200)
    required(errors, "title", title)
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        call = Call.objects.create(community=community, title=title, text=text(text_of_call), closes_on=closes_on)
        record(action=Action.CREATE, obj=call, fields=["title", "text", "closes_on"])
    return call


def set_mix_target(*, call: Call, dimension: str, value: str, target: int) -> MixTarget:
    errors: dict[str, str] = {}
    if dimension not in MixTarget.Dimension.values:
        errors["dimension"] = _("Select a valid choice. That choice is not one of the available choices.")
    if not value:
        errors["value"] = _("This field is required.")
    if target < 0 or target > 1000:
        errors["target"] = _("Give a number between 0 and 1,000.")
    raise_if(errors)
    with transaction.atomic(), scope(community=call.community_id):
        row, _created = MixTarget.objects.update_or_create(
            community_id=call.community_id, call=call, dimension=dimension, value=value[:30],
            defaults={"target": target},
        )
        record(action=Action.UPDATE, obj=row, fields=["target"])
    return row


class AlreadyApplied(Exception):
    """This email address has already applied to this call."""


def apply_to_call(*, call: Call, full_name: str, email: str, authority: Authority, job_title: str, gender: str,
                  sector: str, seniority_years: int, phone: str = "", motivation: str = "") -> Application:
    """A public application. Sent twice (the same email to the same call): AlreadyApplied, nothing stored."""
    errors: dict[str, str] = {}
    values = {"full_name": text(full_name, 200), "email": text(email, 254).lower(), "phone": text(phone, 30),
              "job_title": text(job_title, 150), "motivation": text(motivation)}
    for name in ("full_name", "email", "job_title"):
        required(errors, name, values[name])
    if gender not in CommunityMember.Gender.values:
        errors["gender"] = _("Select a valid choice. That choice is not one of the available choices.")
    if sector not in CommunityMember.Sector.values:
        errors["sector"] = _("Select a valid choice. That choice is not one of the available choices.")
    if not (0 <= seniority_years <= 60):
        errors["seniority_years"] = _("Give the number of years, between 0 and 60.")
    if not call.is_open or (call.closes_on and call.closes_on < timezone.localdate()):
        errors["__all__"] = _("This call is closed: applications are no longer received.")
    raise_if(errors)
    try:
        with transaction.atomic(), scope(community=call.community_id):
            application = Application.objects.create(
                community_id=call.community_id, call=call, authority=authority, gender=gender, sector=sector,
                seniority_years=seniority_years, **values,
            )
            record(action=Action.CREATE, obj=application, fields=sorted(values))
            community = Community.objects.get(pk=call.community_id)
            leaders = User.objects.filter(community_memberships__community=community, community_memberships__is_active=True,
                                          community_memberships__role__in=LEADING_ROLES)
            url = reverse("communities:call", args=[community.pk, call.pk])
            name = community.name
            notify(leaders, kind="communities.application", url=url,
                   title=lambda: _("A new application to the learning community %(name)s") % {"name": name})
    except IntegrityError as error:
        raise AlreadyApplied from error
    return application


def shortlist_application(*, application: Application, version: int) -> Application:
    with transaction.atomic(), scope(community=application.community_id):
        current: Application = lock_current(Application.objects, pk=application.pk, version=version)
        if current.status == Application.Status.NEW:
            apply_changes(current, {"status": Application.Status.SHORTLISTED})
            record(action=Action.UPDATE, obj=current, fields=["status"])
    return current


def schedule_interview(*, application: Application, version: int, interview_at: datetime,
                       notes: str = "") -> Application:
    errors: dict[str, str] = {}
    if application.status in (Application.Status.ACCEPTED, Application.Status.DECLINED):
        errors["interview_at"] = _("A decision was already made on this application.")
    raise_if(errors)
    with transaction.atomic(), scope(community=application.community_id):
        current: Application = lock_current(Application.objects, pk=application.pk, version=version)
        apply_changes(current, {"status": Application.Status.INTERVIEW, "interview_at": interview_at,
                                "interview_notes": text(notes)})
        record(action=Action.UPDATE, obj=current, fields=["status", "interview_at", "interview_notes"])
        user = User.objects.filter(email__iexact=current.email, is_active=True).first()
        when = timezone.localtime(interview_at)
        notify([user] if user else [], kind="communities.interview", url="",
               title=lambda: _("An interview for the learning community was set for %(when)s")
               % {"when": when.strftime("%d.%m.%Y %H:%M")})
        if user is None:
            from ..tasks import email_applicant

            transaction.on_commit(lambda: email_applicant.enqueue(application_id=current.pk, what="interview"))
    return current


def decide_application(*, application: Application, version: int, accept: bool, message: str,
                       role: str = CommunityMember.Role.CORE) -> Application:
    """Accept (the applicant becomes a member, with an account when they had none) or decline, with a
    message to the applicant in either case."""
    errors: dict[str, str] = {}
    message = text(message)
    required(errors, "decision_message", message)
    if application.status in (Application.Status.ACCEPTED, Application.Status.DECLINED):
        errors["__all__"] = _("A decision was already made on this application.")
    raise_if(errors)
    with transaction.atomic(), scope(community=application.community_id):
        current: Application = lock_current(Application.objects, pk=application.pk, version=version)
        community = Community.objects.get(pk=current.community_id)
        user = User.objects.filter(email__iexact=current.email).first()
        changes: dict = {"status": Application.Status.ACCEPTED if accept else Application.Status.DECLINED,
                         "decision_message": message, "decided_at": timezone.now()}
        if accept:
            if user is None:
                # An account without a password: the applicant sets one through the reset link.
                user = User.objects.create_user(email=current.email, full_name=current.full_name,
                                                phone=current.phone)
                record(action=Action.CREATE, obj=user, fields=["email", "full_name", "phone"])
            changes["member"] = add_member(
                community=community, user=user, authority=current.authority, role=role, job_title=current.job_title,
                gender=current.gender, sector=current.sector, seniority_years=current.seniority_years,
            )
        apply_changes(current, changes)
        record(action=Action.UPDATE, obj=current, fields=sorted(changes))
        name = community.name
        if user is not None and user.is_active:
            notify([user], kind="communities.decision",
                   url=reverse("communities:detail", args=[community.pk]) if accept else "",
                   title=(lambda: _("You were accepted to the learning community %(name)s") % {"name": name})
                   if accept else (lambda: _("About your application to the learning community %(name)s")
                                   % {"name": name}),
                   body=message)
        else:
            from ..tasks import email_applicant

            transaction.on_commit(lambda: email_applicant.enqueue(application_id=current.pk, what="decision"))
    return current


def add_interview_question(*, community: Community, question: str) -> InterviewQuestion:
    errors: dict[str, str] = {}
    question = text(question, 300)
    required(errors, "text", question)
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        order = InterviewQuestion.objects.filter(community=community).count() + 1
        row = InterviewQuestion.objects.create(community=community, text=question, order=order)
        record(action=Action.CREATE, obj=row, fields=["text"])
    return row
