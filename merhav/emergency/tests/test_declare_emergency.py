"""Declaring an emergency: the authority switches into emergency mode, every page of the authority shows
the banner, the people who run an emergency are told (inbox and email), and a second emergency of the same
kind while one is active is refused. The auditor may not declare; an outsider gets a 404."""

from django.core import mail
from django.urls import reverse

from merhav.audit.models import AuditEntry
from merhav.notify.models import Notification

from ..models import Emergency, LogEntry
from ..selectors import active_emergency
from .factories import EmergencyFactory
from .support import declare, stored, url

FORM = {"kind": "security", "title": "ירי רקטות על העיר", "neighbourhoods": "עין אור, הגפן", "description": ""}


def test_the_ceo_declares_and_every_page_of_the_authority_shows_the_banner(login, authority, ceo, staff):
    client = login(ceo)
    response = client.post(url("declare", authority), FORM)
    [emergency] = stored(Emergency, authority)
    assert response.status_code == 302
    assert response["Location"] == url("detail", authority, emergency_id=emergency.pk)
    assert (emergency.kind, emergency.neighbourhoods, emergency.declared_by) == ("security", "עין אור, הגפן", ceo)
    assert emergency.is_active
    assert [e.kind for e in stored(LogEntry, authority)] == [LogEntry.Kind.SYSTEM]
    assert AuditEntry.objects.filter(action="create", object_type="emergency.emergency").count() == 1
    other = login(staff)
    for path in (reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}),
                 reverse("lessons:index", kwargs={"authority_slug": authority.slug}),
                 url("message_list", authority)):
        body = other.get(path).content.decode()
        assert "emergency-banner" in body and "ירי רקטות על העיר" in body, path


def test_in_routine_no_page_shows_a_banner(login, authority, staff):
    EmergencyFactory(authority=authority, ended=True, title="הסתיים מזמן")
    body = login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})).content.decode()
    assert "emergency-banner" not in body


def test_another_authority_does_not_see_the_banner(login, authority, other_authority, outsider, ceo):
    declare(authority, by=ceo)
    body = login(outsider).get(
        reverse("tenancy:dashboard", kwargs={"authority_slug": other_authority.slug})).content.decode()
    assert "emergency-banner" not in body


def test_the_people_who_run_an_emergency_are_told_in_the_inbox_and_by_email(authority, ceo, department_head,
                                                                           authority_admin, staff, run_tasks):
    declare(authority, by=ceo)
    run_tasks()
    told = set(Notification.objects.filter(kind="emergency.declared").values_list("recipient", flat=True))
    assert told == {ceo.pk, department_head.pk, authority_admin.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ceo.email, department_head.email, authority_admin.email])


def test_a_second_emergency_of_the_same_kind_is_refused_and_nothing_is_stored(login, authority, ceo):
    declare(authority, by=ceo)
    response = login(ceo).post(url("declare", authority), FORM)
    assert response.status_code == 400
    assert "already active" in str(response.context["form"].errors["kind"]) or \
        "כבר פעיל" in str(response.context["form"].errors["kind"])
    assert len(stored(Emergency, authority)) == 1


def test_an_emergency_of_another_kind_may_be_active_beside_it(authority, ceo):
    declare(authority, by=ceo)
    second = declare(authority, by=ceo, kind="weather", title="סערה")
    assert active_emergency(authority) == second


def test_active_emergency_is_none_in_routine_and_one_query(authority, django_assert_num_queries):
    EmergencyFactory(authority=authority, ended=True)
    with django_assert_num_queries(1):
        assert active_emergency(authority) is None
    active = EmergencyFactory(authority=authority)
    assert active_emergency(authority.pk) == active


def test_the_auditor_may_not_declare_and_it_is_audited(login, authority, auditor):
    client = login(auditor)
    assert client.get(url("index", authority)).status_code == 200
    assert client.post(url("declare", authority), FORM).status_code == 403
    assert stored(Emergency, authority) == []
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=auditor).count() == 1


def test_an_outsider_gets_404(login, authority, outsider, ceo):
    emergency = declare(authority, by=ceo)
    client = login(outsider)
    assert client.get(url("index", authority)).status_code == 404
    assert client.get(url("detail", authority, emergency_id=emergency.pk)).status_code == 404
    assert client.post(url("declare", authority), FORM).status_code == 404


def test_the_event_log_is_appended_and_closed_when_the_emergency_ends(login, authority, ceo, staff):
    emergency = declare(authority, by=ceo)
    client = login(staff)
    response = client.post(url("log_add", authority, emergency_id=emergency.pk),
                           {"kind": "decision", "text": "פתיחת מרכז קליטה בבית הספר"})
    assert response.status_code == 302
    assert "פתיחת מרכז קליטה בבית הספר" in client.get(url("detail", authority, emergency_id=emergency.pk)).content.decode()
    login(ceo).post(url("end", authority, emergency_id=emergency.pk), {"version": emergency.version})
    response = client.post(url("log_add", authority, emergency_id=emergency.pk), {"kind": "entry", "text": "מאוחר"})
    assert response.status_code == 400
    assert [e.text for e in stored(LogEntry, authority) if e.kind != "system"] == ["פתיחת מרכז קליטה בבית הספר"]


def test_the_emergency_dashboard_counts_the_log_and_the_decisions(login, authority, ceo, staff):
    emergency = declare(authority, by=ceo)
    client = login(staff)
    for kind, text in (("decision", "פתיחת חמ\"ל"), ("report", "דיווח"), ("decision", "פינוי רחוב")):
        client.post(url("log_add", authority, emergency_id=emergency.pk), {"kind": kind, "text": text})
    figures = client.get(url("detail", authority, emergency_id=emergency.pk)).context["figures"]
    assert (figures["log_entries"], figures["decisions"], figures["issued"]) == (4, 2, 0)  # with "declared"
