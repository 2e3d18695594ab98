"""The heart of the module: each department sees the core and its own section, the coordinator sees
everything; on pages, lists, search, exports, the API and its schema. The answers planted by the family
fixture are secrets a department must never receive from another department's section: every intake
page and every API read is walked as each department."""

import re
from io import BytesIO

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from merhav.audit.models import AuditEntry

from ..models import SectionKey
from .support import EDUCATION, WELFARE, Api, answer, client_of, url

WELFARE_SECRET, EDUCATION_SECRETS = "סוד-רווחה-77", ("סוד-חינוך-44", "סוד-חינוך-45")
WELFARE_QUESTION, EDUCATION_QUESTION = "מוכרים ברווחה", "כיתה"


def intake_routes():
    """(name, kwarg names) of every page of the module."""
    [resolver] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver)
                  and any(getattr(q, "app_name", None) == "intake" for q in [p] + list(getattr(p, "url_patterns", [])))
                  ] or [None]
    found = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "intake":
                found.append((pattern.name, list(pattern.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns)
    return found


def every_intake_url(authority, head, child, services):
    values = {"person_id": [head.pk, child.pk], "household_id": [head.household_id],
              "section": list(SectionKey.values), "service_id": [s.pk for s in services], "field_id": field_ids(authority),
              "batch_id": [import_batch(authority).pk]}
    urls = []
    for name, kwargs in intake_routes():
        kwargs = [k for k in kwargs if k != "authority_slug"]
        combos = [{}]
        for kwarg in kwargs:
            combos = [{**c, kwarg: v} for c in combos for v in values[kwarg]]
        urls += [url(name, authority, **c) for c in combos]
    return urls


def field_ids(authority):
    from django_scopes import scope

    from ..models import SectionField
    with scope(authority=authority):
        return list(SectionField.objects.filter(authority=authority).values_list("pk", flat=True))


def import_batch(authority):
    from django_scopes import scope

    from ..models import ImportBatch
    with scope(authority=authority):
        return ImportBatch.objects.create(authority=authority, status="ready", headers=["שם"], total=0)


@pytest.fixture
def services(family, coordinator):
    from django.utils import timezone

    from .factories import ServiceFactory
    head, child = family
    return [ServiceFactory(person=head, kind="welfare_case", section=WELFARE, notes="הערת-רווחה-סודית",
                           created_by=coordinator, last_update_at=timezone.now()),
            ServiceFactory(person=child, kind="school_placement", section=EDUCATION, notes="הערת-חינוך")]


def body_of(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = load_workbook(BytesIO(response.content))
        return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
    return response.content.decode()


def test_the_coordinator_sees_every_section(authority, family, coordinator):
    head, child = family
    page = client_of(coordinator).get(url("person", authority, person_id=head.pk)).content.decode()
    assert WELFARE_SECRET in page and "סוד-חינוך-45" in page
    assert all(str(label) in page for label in SectionKey.labels)


def test_education_sees_the_core_and_its_section_only(authority, family, education):
    head, child = family
    page = client_of(education).get(url("person", authority, person_id=head.pk)).content.decode()
    assert head.first_name in page and head.id_number in page  # the core
    assert "סוד-חינוך-45" in page and EDUCATION_QUESTION in page
    assert WELFARE_SECRET not in page and WELFARE_QUESTION not in page
    assert str(SectionKey.WELFARE.label) not in page


def test_welfare_sees_the_core_and_its_section_only(authority, family, welfare):
    head, child = family
    page = client_of(welfare).get(url("person", authority, person_id=head.pk)).content.decode()
    assert WELFARE_SECRET in page and head.first_name in page
    assert not any(secret in page for secret in EDUCATION_SECRETS) and EDUCATION_QUESTION not in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_departments_section_is_refused_at_its_address(authority, family, education, method):
    head, _child = family
    client = client_of(education)
    target = url("section_edit", authority, person_id=head.pk, section=WELFARE)
    response = getattr(client, method)(target, {"known": "נכתב בידי חינוך"})
    assert response.status_code == 403
    assert WELFARE_SECRET not in response.content.decode()
    with __import__("django_scopes").scope(authority=authority):
        from ..models import Answer
        assert list(Answer.objects.filter(section=WELFARE).values_list("value", flat=True)) == [WELFARE_SECRET]


def test_no_intake_page_gives_education_a_welfare_value(authority, family, services, education):
    head, child = family
    client = client_of(education)
    leaks, reached = {}, 0
    for address in every_intake_url(authority, head, child, services):
        response = client.get(address)
        reached += response.status_code == 200
        body = body_of(response) if response.status_code == 200 else response.content.decode()
        found = [s for s in (WELFARE_SECRET, WELFARE_QUESTION, "הערת-רווחה-סודית") if s in body]
        if found:
            leaks[address] = found
    assert leaks == {}
    assert reached >= 8  # the walk did read the pages education may read


def test_no_intake_page_gives_welfare_an_education_value(authority, family, services, welfare):
    head, child = family
    client = client_of(welfare)
    leaks = {}
    for address in every_intake_url(authority, head, child, services):
        response = client.get(address)
        body = body_of(response) if response.status_code == 200 else response.content.decode()
        found = [s for s in (*EDUCATION_SECRETS, EDUCATION_QUESTION, "הערת-חינוך") if s in body]
        if found:
            leaks[address] = found
    assert leaks == {}


def test_the_export_holds_the_core_and_the_readers_sections(authority, family, education, coordinator):
    education_export = body_of(client_of(education).get(url("export", authority)))
    assert "סוד-חינוך-44" in education_export and family[0].id_number in education_export
    assert WELFARE_SECRET not in education_export and WELFARE_QUESTION not in education_export
    everything = body_of(client_of(coordinator).get(url("export", authority)))
    assert WELFARE_SECRET in everything and "סוד-חינוך-44" in everything


def test_another_departments_service_is_refused(authority, family, services, education):
    welfare_service = services[0]
    client = client_of(education)
    assert client.get(url("service", authority, service_id=welfare_service.pk)).status_code == 403
    response = client.post(url("service", authority, service_id=welfare_service.pk),
                           {"status": "closed", "version": 1})
    assert response.status_code == 403
    worklist = client.get(url("worklist", authority)).content.decode()
    assert url("service", authority, service_id=welfare_service.pk) not in worklist
    assert url("service", authority, service_id=services[1].pk) in worklist


def test_the_api_gives_each_department_its_own_sections(authority, family, education, welfare, coordinator):
    head, _child = family

    def sections(user):
        response = Api(user, authority).get(f"/persons/{head.pk}")
        assert response.status_code == 200
        return {s["section"]: [a["value"] for a in s["answers"]] for s in response.json()["sections"]}

    assert sections(education) == {"education": ["סוד-חינוך-45"], "special_education": []}
    assert sections(welfare) == {"welfare": [WELFARE_SECRET]}
    assert sections(coordinator)["welfare"] == [WELFARE_SECRET]
    assert len(sections(coordinator)) == len(SectionKey.values)


def test_the_api_refuses_writing_another_departments_section(authority, family, education):
    head, _child = family
    response = Api(education, authority).send("PUT", f"/persons/{head.pk}/sections/welfare",
                                              {"answers": {"known": "מחינוך"}})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=education).count() == 1


def test_no_api_read_gives_education_a_welfare_value(authority, family, services, education, client):
    head, child = family
    api = Api(education, authority)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    bodies = []
    for path, operations in paths.items():
        if "/intake/" not in path or "get" not in operations:
            continue
        filled = (path.split("/intake", 1)[1].replace("{person_id}", str(head.pk))
                  .replace("{household_id}", str(head.household_id)))
        response = api.get(filled)
        assert response.status_code == 200, filled
        bodies.append(response.content.decode())
    bodies.append(api.send("POST", "/search", {"query": head.first_name}).content.decode())
    assert len(bodies) >= 4
    assert not any(WELFARE_SECRET in b or WELFARE_QUESTION in b or "הערת-רווחה" in b for b in bodies)


def test_the_api_schema_names_no_departments_question(client, family):
    schema = client.get("/api/v1/openapi.json").content.decode()
    assert WELFARE_QUESTION not in schema and EDUCATION_QUESTION not in schema
    assert not re.search(r'"known"|"grade"', schema)


def test_search_shows_the_core_only(authority, family, education):
    head, _child = family
    response = client_of(education).post(url("search", authority), {"query": head.id_number})
    body = response.content.decode()
    assert head.first_name in body
    assert WELFARE_SECRET not in body and "סוד-חינוך-45" not in body


def test_a_member_without_a_section_sees_no_evacuee(authority, family, staff, auditor):
    head, _child = family
    for user in (staff, auditor):
        client = client_of(user)
        assert client.get(url("person", authority, person_id=head.pk)).status_code == 403
        assert client.get(url("export", authority)).status_code == 403
        assert Api(user, authority).get(f"/persons/{head.pk}").status_code == 403


def test_the_authority_can_give_a_section_to_another_department(authority, family, education, coordinator):
    """Transport has no standard department: once the authority gives it to education, education sees it."""
    from django_scopes import scope

    from merhav.core.context import acting_as
    from merhav.tenancy.models import Department

    from ..services.fields import set_section_owner
    from .support import add_question

    head, _child = family
    add_question(authority, by=coordinator, section="transport", label="צריך הסעה", key="bus")
    answer(head, by=coordinator, section="transport", bus="הסעה-סודית")
    assert "הסעה-סודית" not in client_of(education).get(url("person", authority, person_id=head.pk)).content.decode()
    with scope(authority=authority):
        department = Department.objects.get(authority=authority, kind="education")
    with acting_as(coordinator, authority=authority):
        set_section_owner(authority=authority, section="transport", department=department)
    assert "הסעה-סודית" in client_of(education).get(url("person", authority, person_id=head.pk)).content.decode()
