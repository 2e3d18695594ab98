"""Topics, the syllabus's meetings, the planning sheet, attendance and the satisfaction survey."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core.versioning import apply_changes, changed_fields, lock_current
from merhav.tenancy.models import Authority

from ..models import (
    PLANNING_FIELDS,
    Attendance,
    Community,
    CommunityMember,
    Meeting,
    SatisfactionResponse,
    Topic,
    TopicVote,
)
from .common import notify, raise_if, required, text


def propose_topic(*, community: Community, title: str) -> Topic:
    errors: dict[str, str] = {}
    title = text(title, 200)
    required(errors, "title", title)
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        topic = Topic.objects.create(community=community, title=title)
        record(action=Action.CREATE, obj=topic, fields=["title"])
    return topic


class AlreadyAnswered(Exception):
    """The member has already answered this questionnaire or survey."""


def rank_topics(*, community: Community, member: CommunityMember, scores: Mapping[int, int]) -> int:
    """The member's questionnaire: a score of 1–5 for each proposed topic. Once per member."""
    errors: dict[str, str] = {}
    if not scores:
        errors["__all__"] = _("Score at least one topic.")
    if any(not (1 <= score <= 5) for score in scores.values()):
        errors["__all__"] = _("Each score is between 1 and 5.")
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        topics = set(Topic.objects.filter(pk__in=list(scores)).values_list("pk", flat=True))
        if TopicVote.objects.filter(member=member).exists():
            raise AlreadyAnswered
        TopicVote.objects.bulk_create([
            TopicVote(community=community, topic_id=topic_id, member=member, score=score)
            for topic_id, score in scores.items() if topic_id in topics
        ])
        record(action=Action.CREATE, object_type="communities.topicvote", object_id=member.pk, fields=["score"])
    return len(topics)


def _meeting_values(community: Community, *, kind: str, title: str, starts_on: date, ends_on: date | None,
                    syllabus_year: int | None, host_authority: Authority | None, host_name: str, online: bool,
                    number: int | None, topic: Topic | None) -> dict:
    errors: dict[str, str] = {}
    values = {"kind": kind, "title": text(title, 200), "starts_on": starts_on, "ends_on": ends_on,
              "host_authority": host_authority, "host_name": text(host_name, 150), "online": bool(online),
              "number": number, "topic": topic}
    required(errors, "title", values["title"])
    if kind not in Meeting.Kind.values:
        errors["kind"] = _("Select a valid choice. That choice is not one of the available choices.")
    if ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The last day is before the first.")
    year = community.syllabus_year_of(starts_on) if syllabus_year is None else syllabus_year
    first, last = community.syllabus_bounds(year)
    if not (first <= starts_on <= last) or (ends_on and ends_on > last):
        errors["starts_on"] = _("The meeting is outside the syllabus year %(year)s (%(first)s – %(last)s).") % {
            "year": f"{year}–{year + 1}", "first": first.strftime("%d.%m.%Y"), "last": last.strftime("%d.%m.%Y")}
    raise_if(errors)
    values["syllabus_year"] = year
    return values


def create_meeting(*, community: Community, title: str, starts_on: date, kind: str = Meeting.Kind.MEETING,
                   ends_on: date | None = None, syllabus_year: int | None = None,
                   host_authority: Authority | None = None, host_name: str = "", online: bool = False,
                   number: int | None = None, topic: Topic | None = None,
                   planning: Mapping[str, str] | None = None) -> Meeting:
    """A meeting on the community's syllabus; the members are told of it. With `syllabus_year`, a date
    outside that year is refused."""
    values = _meeting_values(community, kind=kind, title=title, starts_on=starts_on, ends_on=ends_on,
                             syllabus_year=syllabus_year, host_authority=host_authority, host_name=host_name,
                             online=online, number=number, topic=topic)
    sheet = {name: text((planning or {}).get(name, "")) for name in PLANNING_FIELDS}
    with transaction.atomic(), scope(community=community.pk):
        meeting = Meeting.objects.create(community=community, **values, **sheet)
        record(action=Action.CREATE, obj=meeting, fields=[k for k, v in {**values, **sheet}.items() if v])
        members = User.objects.filter(community_memberships__community=community,
                                      community_memberships__is_active=True)
        name, day = community.name, starts_on.strftime("%d.%m.%Y")
        notify(members, kind="communities.meeting", url=reverse("communities:meeting", args=[community.pk, meeting.pk]),
               title=lambda: _("A meeting of %(name)s on %(day)s") % {"name": name, "day": day},
               dedupe_key=f"communities.meeting:{meeting.pk}")
    return meeting


def update_meeting(*, meeting: Meeting, version: int, title: str, starts_on: date, kind: str,
                   ends_on: date | None, host_authority: Authority | None, host_name: str, online: bool,
                   number: int | None, topic: Topic | None, planning: Mapping[str, str],
                   summary: str = "", knowledge_produced: str = "") -> list[str]:
    """The planning sheet and, after the meeting, its summary and the knowledge produced. Versioned."""
    community = Community.objects.get(pk=meeting.community_id)
    values = _meeting_values(community, kind=kind, title=title, starts_on=starts_on, ends_on=ends_on,
                             syllabus_year=meeting.syllabus_year, host_authority=host_authority,
                             host_name=host_name, online=online, number=number, topic=topic)
    changes = {**values, **{name: text(planning.get(name, "")) for name in PLANNING_FIELDS},
               "summary": text(summary), "knowledge_produced": text(knowledge_produced)}
    with transaction.atomic(), scope(community=meeting.community_id):
        current: Meeting = lock_current(Meeting.objects, pk=meeting.pk, version=version)
        changed = changed_fields(current, changes)
        if changed:
            apply_changes(current, {**changes, "updated_at": timezone.now()})
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def record_attendance(*, meeting: Meeting, present_member_ids: Iterable[int]) -> int:
    """Who came: every active member gets a row (present or not). Those present are asked for the survey."""
    present = set(present_member_ids)
    with transaction.atomic(), scope(community=meeting.community_id):
        members = list(CommunityMember.objects.filter(community_id=meeting.community_id, is_active=True)
                       .select_related("user"))
        unknown = present - {m.pk for m in members}
        if unknown:
            raise ValidationError({"present": _("Someone marked present is not a member of the community.")})
        Attendance.objects.filter(meeting=meeting).delete()
        Attendance.objects.bulk_create([
            Attendance(community_id=meeting.community_id, meeting=meeting, member=m, present=m.pk in present)
            for m in members
        ])
        record(action=Action.UPDATE, obj=meeting, fields=["attendance"])
        title_text = meeting.title
        notify([m.user for m in members if m.pk in present], kind="communities.survey",
               url=reverse("communities:survey", args=[meeting.community_id, meeting.pk]),
               title=lambda: _("How was the meeting \"%(title)s\"? Two questions") % {"title": title_text},
               dedupe_key=f"communities.survey:{meeting.pk}")
    return len(present)


def answer_survey(*, meeting: Meeting, member: CommunityMember, overall: int, content: int,
                  comment: str = "") -> SatisfactionResponse:
    """One answer per member and meeting: a second one raises AlreadyAnswered and changes nothing."""
    errors: dict[str, str] = {}
    if not (1 <= overall <= 5):
        errors["overall"] = _("Choose a score between 1 and 5.")
    if not (1 <= content <= 5):
        errors["content"] = _("Choose a score between 1 and 5.")
    raise_if(errors)
    try:
        with transaction.atomic(), scope(community=meeting.community_id):
            response = SatisfactionResponse.objects.create(
                community_id=meeting.community_id, meeting=meeting, member=member, overall=overall,
                content=content, comment=text(comment),
            )
            record(action=Action.CREATE, obj=response, fields=["overall", "content", "comment"])
    except IntegrityError as error:
        raise AlreadyAnswered from error
    return response
