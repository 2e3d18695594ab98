"""Long-term services: opened by the department that owns their kind, tracked until closed, each
department's worklist, and a reminder to the department (and the coordinator) when one stalls: sent once,
by the periodic job, naming no one."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone
from django_scopes import scope

from merhav.core.tasks import PERIODIC_JOBS
from merhav.notify.models import Notification

from ..models import LongTermService
from ..tasks import send_stalled_service_reminders
from .support import client_of, take_in, url


def test_education_opens_a_school_placement_and_closes_it(authority, coordinator, education):
    person = take_in(authority, by=coordinator)
    client = client_of(education, "he")
    form = client.get(url("open_service", authority, person_id=person.pk)).content.decode()
    assert 'value="school_placement"' in form and 'value="welfare_case"' not in form
    response = client.post(url("open_service", authority, person_id=person.pk), {"kind": "school_placement"})
    assert response.status_code == 302
    with scope(authority=authority):
        service = LongTermService.objects.get()
    assert (service.section, service.status) == ("education", "open")
    assert url("service", authority, service_id=service.pk) in client.get(url("worklist", authority)).content.decode()
    client.post(url("service", authority, service_id=service.pk), {"status": "closed", "version": 1, "notes": ""})
    with scope(authority=authority):
        service.refresh_from_db()
    assert (service.status, service.closed_on) == ("closed", timezone.localdate())
    assert url("service", authority, service_id=service.pk) not in client.get(url("worklist", authority)).content.decode()


def test_education_cannot_open_a_welfare_case(authority, coordinator, education):
    person = take_in(authority, by=coordinator)
    response = client_of(education).post(url("open_service", authority, person_id=person.pk), {"kind": "welfare_case"})
    assert response.status_code == 400
    with scope(authority=authority):
        assert not LongTermService.objects.exists()


def test_the_reminder_job_is_periodic():
    assert any(job.task is send_stalled_service_reminders for job in PERIODIC_JOBS)


def test_a_stalled_service_reminds_its_department_once(authority, coordinator, education, welfare, run_tasks):
    from merhav.core.context import acting_as

    from ..services.long_term import open_service

    person = take_in(authority, by=coordinator)
    with acting_as(education, authority=authority):
        service = open_service(person=person, kind="school_placement")
    later = timezone.now() + timedelta(days=13)
    with time_machine.travel(later, tick=False):
        send_stalled_service_reminders.enqueue()
        run_tasks()
    assert not Notification.objects.exists()
    with time_machine.travel(later + timedelta(days=2), tick=False):
        send_stalled_service_reminders.enqueue()
        run_tasks()
        send_stalled_service_reminders.enqueue()
        run_tasks()
    recipients = sorted(Notification.objects.values_list("recipient__email", flat=True))
    assert recipients == sorted([education.email, coordinator.email])
    notification = Notification.objects.filter(recipient=education).get()
    assert notification.url == url("service", authority, service_id=service.pk)
    for text in (notification.title, notification.body, *[m.subject for m in mail.outbox]):
        assert person.first_name not in text and person.last_name not in text and person.id_number not in text


def test_the_due_dates_of_a_departments_services_reach_its_calendar(authority, coordinator, education, welfare):
    from datetime import date

    from ..calendar import intake_calendar
    from .factories import ServiceFactory

    person = take_in(authority, by=coordinator)
    school = ServiceFactory(person=person, due_on=date(2027, 1, 10))
    ServiceFactory(person=person, kind="welfare_case", section="welfare", due_on=date(2027, 1, 11))
    [item] = intake_calendar(education)
    assert (item.start, item.url) == (date(2027, 1, 10), url("service", authority, service_id=school.pk))
    assert person.first_name not in item.summary and person.last_name not in item.summary
    assert len(intake_calendar(coordinator)) == 2 and len(intake_calendar(welfare)) == 1
