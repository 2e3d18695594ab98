"""The audit log records logins, failed logins, logouts, permission changes and refused writes —
with who, when and from where, and never the text a visitor typed."""

from django.urls import reverse

from conftest import PASSWORD
from merhav.audit.models import AuditEntry
from merhav.tenancy import services as tenancy_services
from merhav.tenancy.roles import Role

Action = AuditEntry.Action
ADDRESS = "203.0.113.44"


def last(action) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).order_by("-id").first()


def test_login(client, staff):
    client.post(reverse("accounts:login"), {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    entry = last(Action.LOGIN)
    assert entry.user == staff
    assert entry.ip_address == ADDRESS
    assert entry.object_type == "accounts.user" and entry.object_id == str(staff.pk)
    assert len(entry.request_id) >= 8


def test_failed_login_of_an_account(client, staff):
    client.post(reverse("accounts:login"), {"username": staff.email.upper(), "password": "wrong-password"},
                REMOTE_ADDR=ADDRESS)
    entry = last(Action.LOGIN_FAILED)
    assert entry.user == staff
    assert entry.ip_address == ADDRESS


def test_failed_login_with_an_unknown_address_stores_nothing_typed(client, db):
    typed = "stranger.name@elsewhere.example"
    client.post(reverse("accounts:login"), {"username": typed, "password": "my-secret-guess"}, REMOTE_ADDR=ADDRESS)
    entry = last(Action.LOGIN_FAILED)
    assert entry.user is None
    assert entry.object_id == ""
    stored = repr(list(AuditEntry.objects.values()))
    assert "stranger" not in stored and "my-secret-guess" not in stored


def test_lockout_is_recorded(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": staff.email, "password": "wrong-password"})
    entry = last(Action.DENIED)
    assert entry.object_type == "accounts.lockout"
    assert entry.user == staff


def test_logout(login, staff):
    client = login(staff)
    client.post(reverse("accounts:logout"), REMOTE_ADDR=ADDRESS)
    entry = last(Action.LOGOUT)
    assert entry.user == staff
    assert entry.ip_address == ADDRESS


def test_permission_change(authority, staff, authority_admin):
    tenancy_services.set_membership(authority=authority, user=staff, role=Role.DEPARTMENT_HEAD, by=authority_admin)
    entry = last(Action.PERMISSION_CHANGE)
    assert entry.user == authority_admin
    assert entry.authority == authority
    assert entry.object_type == "tenancy.membership"
    assert "role" in entry.fields


def test_setting_the_same_role_again_is_not_a_change(authority, staff, authority_admin):
    before = AuditEntry.objects.filter(action=Action.PERMISSION_CHANGE).count()
    membership = tenancy_services.set_membership(authority=authority, user=staff, role=Role.STAFF,
                                                 department=None, by=authority_admin)
    tenancy_services.set_membership(authority=authority, user=staff, role=membership.role,
                                    department=membership.department, by=authority_admin)
    assert AuditEntry.objects.filter(action=Action.PERMISSION_CHANGE).count() == before + 1


def test_refused_write(login, auditor, authority):
    client = login(auditor)
    url = reverse("tenancy:department_add", kwargs={"authority_slug": authority.slug})
    response = client.post(url, {"kind": "other", "custom_name": "New"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 403
    entry = last(Action.DENIED)
    assert entry.user == auditor
    assert entry.authority == authority
    assert entry.object_type == "tenancy.manage_departments"
    assert entry.ip_address == ADDRESS


def test_refused_read_is_not_logged(login, staff, authority):
    client = login(staff)
    before = AuditEntry.objects.filter(action=Action.DENIED).count()
    assert client.get(reverse("audit:log", kwargs={"authority_slug": authority.slug})).status_code == 403
    assert AuditEntry.objects.filter(action=Action.DENIED).count() == before
