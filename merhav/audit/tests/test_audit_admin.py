"""In Django admin the audit log can be read, never added to, changed or deleted."""

import pytest
from django.urls import reverse

from merhav.audit.models import AuditEntry
from merhav.audit.services import Action, record


@pytest.fixture(params=["national admin", "superuser"])
def admin_client(request, login, make_user):
    """A national admin has no Django model permissions: the admin class itself lets them read."""
    return login(make_user(is_national_admin=True, is_superuser=request.param == "superuser"))


@pytest.fixture
def entry(staff):
    return record(action=Action.LOGIN, user=staff, obj=staff)


def test_the_list_can_be_read(admin_client, entry):
    response = admin_client.get(reverse("admin:audit_auditentry_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == AuditEntry.objects.count()
    action_form = response.context["action_form"]
    assert action_form is None or "delete_selected" not in dict(action_form.fields["action"].choices)


def test_an_entry_is_shown_read_only(admin_client, entry):
    response = admin_client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in response.content.decode()


def test_changing_is_refused(admin_client, entry):
    response = admin_client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"action": "logout"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == Action.LOGIN


def test_adding_is_refused(admin_client, db):
    assert admin_client.get(reverse("admin:audit_auditentry_add")).status_code == 403


def test_deleting_is_refused(admin_client, entry):
    url = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_bulk_delete_action_is_refused(admin_client, entry):
    response = admin_client.post(
        reverse("admin:audit_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    # The action is not on offer: Django shows the list again (not a confirmation page), entry and all.
    assert response.status_code == 200
    assert entry in response.context["cl"].result_list


def test_an_authority_admin_cannot_open_it(login, authority_admin, entry):
    response = login(authority_admin).get(reverse("admin:audit_auditentry_changelist"))
    assert response.status_code == 302  # to the admin's login: they are not staff
    assert response["Location"].startswith(reverse("admin:login"))
