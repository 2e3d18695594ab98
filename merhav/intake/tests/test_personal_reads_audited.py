"""Every view and export of a person's record is in the audit log (VIEW_PERSONAL, with the ids shown),
on pages, exports and the API; the log holds question names, never answers."""

from merhav.audit.models import AuditEntry

from .support import Api, client_of, url

READ = AuditEntry.Action.VIEW_PERSONAL


def reads(user) -> list[tuple[str, list]]:
    return [(e.object_type, e.object_ids) for e in AuditEntry.objects.filter(action=READ, user=user).order_by("id")]


def test_the_persons_page_is_audited(authority, family, education):
    head, _child = family
    client_of(education).get(url("person", authority, person_id=head.pk))
    assert reads(education) == [("intake.person", [head.pk])]


def test_the_household_page_records_its_people(authority, family, welfare):
    head, child = family
    client_of(welfare).get(url("household", authority, household_id=head.household_id))
    assert reads(welfare) == [("intake.person", [head.pk, child.pk])]


def test_the_search_records_the_people_found(authority, family, welfare):
    head, _child = family
    client_of(welfare).post(url("search", authority), {"query": head.last_name})
    [(kind, ids)] = reads(welfare)
    assert kind == "intake.person" and head.pk in ids


def test_the_export_is_audited_as_a_read_and_an_export(authority, family, education):
    head, child = family
    client_of(education).get(url("export", authority))
    assert reads(education) == [("intake.person", [head.pk, child.pk])]
    [export] = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, user=education)
    assert export.fields == ["education", "special_education"]


def test_the_subject_access_report_is_audited(authority, family, coordinator):
    head, _child = family
    response = client_of(coordinator).get(url("subject_access", authority, person_id=head.pk))
    assert response.status_code == 200 and response["Content-Disposition"] == f'attachment; filename="record-{head.pk}.xlsx"'
    assert reads(coordinator) == [("intake.person", [head.pk])]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_id=str(head.pk)).count() == 1


def test_the_api_reads_are_audited(authority, family, education):
    head, child = family
    api = Api(education, authority)
    api.get(f"/persons/{head.pk}")
    api.get(f"/households/{head.household_id}")
    api.get("/households")
    api.send("POST", "/search", {"query": head.id_number})
    assert reads(education) == [("intake.person", [head.pk]), ("intake.person", [head.pk, child.pk]),
                                ("intake.household", [head.household_id]), ("intake.person", [head.pk])]


def test_the_audit_log_names_questions_never_answers(authority, family):
    for entry in AuditEntry.objects.all():
        text = str(entry.fields) + entry.object_id
        assert "סוד" not in text
    updates = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_type="intake.person")
    assert sorted(f for e in updates for f in e.fields) == ["education.grade", "education.grade", "welfare.known"]


def test_nothing_personal_in_the_addresses_of_a_search(authority, family, welfare):
    """The search form is POSTed: the number and the name never reach an address."""
    body = client_of(welfare).get(url("search", authority)).content.decode()
    assert 'method="post"' in body
    assert client_of(welfare).get(url("search", authority) + "?query=x").context["results"] is None
