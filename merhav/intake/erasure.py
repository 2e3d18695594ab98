"""Retention, the worker's part (merhav.intake.tasks): after the period the authority set, the daily job erases the personal data of people with no open service (their answers
deleted, their identifying details blanked); a dry-run report says beforehand what it would do. Audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from merhav.audit.services import Action, record
from merhav.tenancy.models import Authority

from .models import Answer, Household, IntakeSettings, LongTermService, Person

ERASED = "—"


@dataclass(frozen=True)
class RetentionReport:
    due_on: date | None
    people: int
    households: int
    kept: int  # people kept because a service of theirs is still open

    @property
    def is_due(self) -> bool:
        return self.due_on is not None and self.due_on <= timezone.localdate()


def settings_of(authority: Authority | int) -> IntakeSettings | None:
    authority_id = authority if isinstance(authority, int) else authority.pk
    with scope(authority=authority_id):
        return IntakeSettings.objects.filter(authority_id=authority_id).first()


def _candidates(authority_id: int):
    open_service = LongTermService.objects.filter(person=OuterRef("pk"), status__in=LongTermService.OPEN_STATUSES)
    people = Person.objects.filter(authority_id=authority_id, erased_at__isnull=True)
    return people.annotate(has_open=Exists(open_service))


def retention_report(authority: Authority | int) -> RetentionReport:
    """What the job would do (a dry run): three queries, counts only."""
    authority_id = authority if isinstance(authority, int) else authority.pk
    settings = settings_of(authority_id)
    due_on = None
    if settings and settings.emergency_ended_on and settings.retention_months:
        due_on = settings.emergency_ended_on + relativedelta(months=settings.retention_months)
    with scope(authority=authority_id):
        candidates = _candidates(authority_id)
        people = candidates.filter(has_open=False).count()
        kept = candidates.filter(has_open=True).count()
        households = (Household.objects.filter(authority_id=authority_id, erased_at__isnull=True)
                      .exclude(members__in=candidates.filter(has_open=True)).count())
    return RetentionReport(due_on=due_on, people=people, households=households, kept=kept)


def erase_expired(*, authority: Authority | int) -> int:
    """Erase the personal data of the people with no open service, when the retention period is over."""
    authority_id = authority if isinstance(authority, int) else authority.pk
    report = retention_report(authority_id)
    if not report.is_due:
        return 0
    now = timezone.now()
    with transaction.atomic(), scope(authority=authority_id):
        ids = list(_candidates(authority_id).filter(has_open=False).values_list("pk", flat=True))
        Answer.objects.filter(person_id__in=ids).delete()
        LongTermService.objects.filter(person_id__in=ids).update(notes="")
        Person.objects.filter(pk__in=ids).update(first_name=ERASED, last_name=ERASED, id_number="", birth_date=None,
                                                 phone="", possible_duplicate_of=None, erased_at=now)
        left = Person.objects.filter(household=OuterRef("pk"), erased_at__isnull=True)
        Household.objects.filter(authority_id=authority_id, erased_at__isnull=True).exclude(Exists(left)).update(
            origin_locality=ERASED, accommodation_details="", phone="", email="", needs="", import_key="",
            erased_at=now)
        if ids:
            record(action=Action.DELETE, authority=authority_id, object_type="intake.person",
                   fields=["retention", f"people:{len(ids)}"])
    return len(ids)


def erase_all_expired() -> int:
    with scopes_disabled():
        authorities = list(IntakeSettings.objects.filter(emergency_ended_on__isnull=False,
                                                         retention_months__isnull=False)
                           .values_list("authority_id", flat=True))
    return sum(erase_expired(authority=authority_id) for authority_id in authorities)
