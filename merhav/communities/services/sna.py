"""The roster surveys of the social network analysis: a survey at a point in time, and a member's answer
(with whom they exchanged professional knowledge, how often, about what). Every write bumps the
community's SNA data version (merhav.communities.selectors_sna.VERSION), so the network is computed again
once, on the next view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core import context, versions

from ..models import Community, CommunityMember, RosterAnswer, RosterSurvey, RosterTie
from .common import notify, raise_if, required, text
from .meetings import AlreadyAnswered

# The data version of a community's social network analysis. Communities span authorities, so the version
# is kept under no authority (0) and named by the community.
NATIONAL = 0


def version_name(community_id: int) -> str:
    return f"communities.sna:{community_id}"


def bump(community_id: int) -> None:
    versions.bump(NATIONAL, version_name(community_id))


@dataclass(frozen=True)
class NamedTie:
    alter_id: int
    frequency: int
    topic: str = ""


def create_roster_survey(*, community: Community, title: str, round: int, opens_on: date,  # noqa: A002
                         closes_on: date) -> RosterSurvey:
    """A roster survey at time 1 or time 2 (one of each per community). The members are told of it."""
    errors: dict[str, str] = {}
    title = text(title, 200)
    required(errors, "title", title)
    if round not in RosterSurvey.Round.values:
        errors["round"] = _("Select a valid choice. That choice is not one of the available choices.")
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = _("The survey closes before it opens.")
    raise_if(errors)
    try:
        with transaction.atomic(), scope(community=community.pk):
            survey = RosterSurvey.objects.create(community=community, title=title, round=round, opens_on=opens_on,
                                                 closes_on=closes_on, created_by=context.current_user())
            record(action=Action.CREATE, obj=survey, fields=["title", "round", "opens_on", "closes_on"])
            bump(community.pk)
            # A survey set after it closed (a record of one held on paper) tells no one.
            members = User.objects.filter(community_memberships__community=community,
                                          community_memberships__is_active=True) \
                if closes_on >= timezone.localdate() else User.objects.none()
            name, until = community.name, closes_on.strftime("%d.%m.%Y")
            notify(members, kind="communities.roster",
                   url=reverse("communities:sna_answer", args=[community.pk, survey.pk]),
                   title=lambda: _("%(name)s: with whom did you exchange knowledge? A short survey until %(day)s")
                   % {"name": name, "day": until},
                   dedupe_key=f"communities.roster:{survey.pk}")
    except IntegrityError as error:
        raise ValidationError({"round": _("This community already has a roster survey at this point in time.")}) from error
    return survey


def answer_roster(*, survey: RosterSurvey, member: CommunityMember, ties: Sequence[NamedTie],
                  today: date | None = None) -> RosterAnswer:
    """The member's answer: the other members they exchanged knowledge with (none is an answer too).
    Naming oneself, someone who is not an active member of the community or one person twice, a frequency
    off the scale or a closed survey raise ValidationError; a second answer raises AlreadyAnswered. Nothing
    is stored unless everything is."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if member.community_id != survey.community_id or not member.is_active:
        errors["__all__"] = _("Only members of the community answer its survey.")
    if not survey.is_open_on(today):
        errors["__all__"] = _("The survey is open from %(opens)s to %(closes)s.") % {
            "opens": survey.opens_on.strftime("%d.%m.%Y"), "closes": survey.closes_on.strftime("%d.%m.%Y")}
    alter_ids = [t.alter_id for t in ties]
    if member.pk in alter_ids:
        errors["ties"] = _("You named yourself: name only the other members you exchanged knowledge with.")
    elif len(set(alter_ids)) != len(alter_ids):
        errors["ties"] = _("You named the same member twice.")
    if any(t.frequency not in RosterTie.Frequency.values for t in ties):
        errors["ties"] = _("Choose how often from the list for each member you named.")
    raise_if(errors)
    try:
        with transaction.atomic(), scope(community=survey.community_id):
            known = set(CommunityMember.objects.filter(community_id=survey.community_id, is_active=True,
                                                       pk__in=alter_ids).values_list("pk", flat=True))
            if set(alter_ids) - known:
                raise ValidationError({"ties": _("Someone you named is not a member of the community.")})
            answer = RosterAnswer.objects.create(community_id=survey.community_id, survey=survey, member=member)
            RosterTie.objects.bulk_create([
                RosterTie(community_id=survey.community_id, survey=survey, answer=answer, member=member,
                          alter_id=t.alter_id, frequency=t.frequency, topic=text(t.topic, 200))
                for t in ties
            ])
            record(action=Action.CREATE, obj=answer, fields=["alter", "frequency", "topic"])
            bump(survey.community_id)
    except IntegrityError as error:
        raise AlreadyAnswered from error
    return answer
