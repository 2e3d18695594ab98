"""Retention: the authority sets the period after the emergency; the dry run reports without erasing; the
periodic job erases the personal data of people with no open service once the period is over (audited)."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.core.tasks import PERIODIC_JOBS

from ..models import Answer, Person
from ..tasks import erase_expired_personal_data
from .factories import ServiceFactory
from .support import ID_2, WELFARE, add_person, add_question, answer, client_of, take_in, url


def test_the_dry_run_reports_and_the_job_erases_after_the_period(authority, coordinator, welfare, run_tasks):
    head = take_in(authority, by=coordinator)
    child = add_person(head.household, by=coordinator, id_number=ID_2, first_name="נועם", relation="child")
    add_question(authority, by=coordinator, section=WELFARE, label="שאלה", key="w")
    answer(head, by=welfare, section=WELFARE, w="תשובה")
    ServiceFactory(person=child, status="open")
    ended = timezone.localdate() - timedelta(days=10)
    client = client_of(coordinator, "he")
    response = client.post(url("retention", authority), {"emergency_ended_on": ended.strftime("%d.%m.%Y"),
                                                         "retention_months": 1})
    assert response.status_code == 302
    report = client.get(url("retention", authority)).context["report"]
    assert (report.people, report.kept, report.is_due) == (1, 1, False)
    erase_expired_personal_data.enqueue()
    run_tasks()
    assert [p.first_name for p in _people(authority)] == ["מרים", "נועם"]  # the dry run erased nothing
    with time_machine.travel(timezone.now() + timedelta(days=25), tick=False):
        erase_expired_personal_data.enqueue()
        run_tasks()
    erased, kept = _people(authority)
    assert (erased.first_name, erased.id_number, erased.birth_date, erased.erased_at is not None) == ("—", "", None, True)
    assert kept.first_name == "נועם"
    with scope(authority=authority):
        assert not Answer.objects.filter(person=erased).exists()
    assert [e.fields for e in AuditEntry.objects.filter(action=AuditEntry.Action.DELETE)] == [["people:1", "retention"]]
    assert client.get(url("person", authority, person_id=erased.pk)).status_code == 404


def test_the_retention_job_is_periodic():
    assert any(job.task is erase_expired_personal_data for job in PERIODIC_JOBS)


def test_only_the_admin_or_the_coordinator_sets_it(authority, welfare, authority_admin):
    assert client_of(welfare).get(url("retention", authority)).status_code == 403
    assert client_of(authority_admin).get(url("retention", authority)).status_code == 200


def _people(authority):
    with scope(authority=authority):
        return list(Person.objects.filter(authority=authority).order_by("pk"))
