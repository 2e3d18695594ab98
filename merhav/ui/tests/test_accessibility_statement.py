"""The accessibility statement: public in three languages, linked from every page, its coordinator and review
date kept by national administrators."""

import datetime as dt

import pytest
from django.urls import reverse

from merhav.audit.models import AuditEntry
from merhav.ui.models import AccessibilityStatement

STATEMENT = reverse("ui:accessibility")
EDIT = reverse("national:accessibility_edit")


@pytest.fixture
def national_admin(make_user):
    return make_user(is_national_admin=True, full_name="מנהלת ארצית")


@pytest.fixture
def filled(db):
    return AccessibilityStatement.objects.create(
        pk=AccessibilityStatement.SINGLETON_ID, coordinator_name="רונית לוי", coordinator_email="access@merhav.example",
        coordinator_phone="03-1234567", reviewed_on=dt.date(2026, 3, 1),
    )


@pytest.mark.parametrize("language,heading", [("he", "הצהרת נגישות"), ("ar", "بيان إمكانية الوصول"),
                                              ("en", "Accessibility statement")])
def test_anyone_reads_the_statement_in_their_language(client, filled, language, heading):
    client.cookies["merhav_language"] = language
    response = client.get(STATEMENT)
    body = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in body
    assert "רונית לוי" in body and "mailto:access@merhav.example" in body and "03-1234567" in body
    assert "01.03.2026" in body
    assert "IS 5568" in body


def test_before_it_is_filled_in_the_statement_says_so(client, db):
    client.cookies["merhav_language"] = "en"
    body = client.get(STATEMENT).content.decode()
    assert "The coordinator's details have not been filled in yet." in body
    assert "The date of the last review has not been filled in yet." in body


def test_every_page_links_to_the_statement_from_its_footer(client, login, staff, authority):
    login_page = client.get(reverse("accounts:login")).content.decode()
    dashboard = login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    for body in (login_page, dashboard.content.decode()):
        footer = body[body.index('<footer class="site-footer">'):]
        assert f'href="{STATEMENT}"' in footer


def test_a_national_admin_sets_the_coordinator_and_the_review_date(login, national_admin):
    client = login(national_admin, "en")
    assert client.get(EDIT).status_code == 200
    response = client.post(EDIT, {"coordinator_name": "Rana Haddad", "coordinator_email": "rana@merhav.example",
                                  "coordinator_phone": "", "reviewed_on": "15.04.2026"})
    assert response.status_code == 302 and response["Location"] == STATEMENT
    statement = AccessibilityStatement.objects.get()
    assert (statement.coordinator_name, statement.coordinator_email, statement.reviewed_on) == (
        "Rana Haddad", "rana@merhav.example", dt.date(2026, 4, 15)
    )
    entry = AuditEntry.objects.get(object_type="ui.accessibilitystatement")
    assert (entry.user, entry.action) == (national_admin, AuditEntry.Action.CREATE)
    assert entry.fields == ["coordinator_email", "coordinator_name", "reviewed_on"]
    assert "Rana Haddad" in client.get(STATEMENT).content.decode()


def test_the_coordinator_must_be_reachable(login, national_admin):
    response = login(national_admin, "en").post(EDIT, {"coordinator_name": "Rana Haddad", "coordinator_email": "",
                                                       "coordinator_phone": "", "reviewed_on": ""})
    assert response.status_code == 200
    assert "Give an email address or a phone number to reach the coordinator." in response.content.decode()
    assert not AccessibilityStatement.objects.exists()


def test_only_a_national_admin_edits_it(login, authority_admin, outsider):
    for person in (authority_admin, outsider):
        client = login(person)
        assert client.get(EDIT).status_code == 403
        assert client.post(EDIT, {"coordinator_email": "x@merhav.example"}).status_code == 403
    assert not AccessibilityStatement.objects.exists()
