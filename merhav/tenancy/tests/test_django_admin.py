"""Django admin is for national admins only; it sees every authority's rows (unscoped) and logs changes."""

import pytest
from django.urls import reverse
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role


@pytest.mark.parametrize("model", ["tenancy/authority", "tenancy/region", "tenancy/department", "tenancy/membership",
                                   "tenancy/invitation", "accounts/user"])
def test_national_admin_opens_every_list(login, national_admin, authority, staff, model):
    response = login(national_admin).get(f"/admin/{model}/")
    assert response.status_code == 200


def test_national_admin_opens_a_membership_and_a_user(login, national_admin, authority, staff):
    with scope(authority=authority):
        membership = Membership.objects.get(user=staff)
    client = login(national_admin)
    assert client.get(reverse("admin:tenancy_membership_change", args=[membership.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_user_change", args=[staff.pk])).status_code == 200


def test_a_role_change_in_the_admin_is_logged_and_bumps_the_version(login, national_admin, authority, staff):
    with scope(authority=authority):
        membership = Membership.objects.get(user=staff)
    response = login(national_admin).post(reverse("admin:tenancy_membership_change", args=[membership.pk]), {
        "user": staff.pk, "authority": authority.pk, "role": Role.CEO, "department": membership.department_id,
        "title": "", "is_active": "on",
    })
    assert response.status_code == 302
    with scope(authority=authority):
        saved = Membership.objects.get(user=staff)
    assert (saved.role, saved.version) == (Role.CEO, membership.version + 1)
    entry = AuditEntry.objects.filter(object_type="tenancy.membership", user=national_admin).get()
    assert (entry.action, entry.fields) == ("permission_change", ["role"])


def test_authority_members_cannot_enter_the_admin(login, authority, authority_admin, ceo):
    for user in (authority_admin, ceo):
        response = login(user).get("/admin/tenancy/membership/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_national_admin_adds_a_user_and_an_authority(login, national_admin):
    from django.contrib.auth import get_user_model
    from django_scopes import scopes_disabled

    from merhav.tenancy.models import Authority, Department, StandardDepartment

    client = login(national_admin)
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    response = client.post(reverse("admin:accounts_user_add"), {
        "email": "Someone@Example.org", "full_name": "מישהו", "language": "he",
        "password1": "a-long-admin-password-1", "password2": "a-long-admin-password-1",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert get_user_model().objects.filter(email="someone@example.org", is_staff=False).exists()

    response = client.post(reverse("admin:tenancy_authority_add"), {
        "name_he": "רשות חדשה", "name_ar": "", "name_en": "", "slug": "new-one", "code": "4321", "kind": "city",
        "district": "", "population": "", "region": "", "is_active": "on",
    })
    assert response.status_code == 302
    with scopes_disabled():
        assert Department.objects.filter(authority=Authority.objects.get(slug="new-one")).count() == len(
            StandardDepartment.values
        )


def test_a_membership_edited_inline_on_the_user_is_logged(login, national_admin, authority, staff):
    with scope(authority=authority):
        membership = Membership.objects.get(user=staff)
    data = {
        "email": staff.email, "full_name": staff.full_name, "phone": "", "language": "he", "is_active": "on",
        "last_login_0": "", "last_login_1": "", "date_joined_0": "", "date_joined_1": "",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": membership.pk, "memberships-0-user": staff.pk, "memberships-0-authority": authority.pk,
        "memberships-0-role": Role.AUDITOR, "memberships-0-department": "", "memberships-0-title": "",
        "memberships-0-is_active": "on",
    }
    response = login(national_admin).post(reverse("admin:accounts_user_change", args=[staff.pk]), data)
    assert response.status_code == 302
    with scope(authority=authority):
        saved = Membership.objects.get(user=staff)
    assert (saved.role, saved.department, saved.version) == (Role.AUDITOR, None, membership.version + 1)
    entry = AuditEntry.objects.filter(object_type="tenancy.membership", user=national_admin).get()
    assert (entry.action, sorted(entry.fields)) == ("permission_change", ["department", "role"])


def test_a_password_set_in_the_admin_is_logged(login, national_admin, staff):
    path = reverse("admin:auth_user_password_change", args=[staff.pk])
    response = login(national_admin).post(path, {"usable_password": "true", "password1": "a-new-Passw0rd-2026",
                                                 "password2": "a-new-Passw0rd-2026"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("a-new-Passw0rd-2026")
    entry = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(staff.pk), user=national_admin).get()
    assert (entry.action, entry.fields) == ("update", ["password"])


def test_a_refused_password_in_the_admin_is_not_logged(login, national_admin, staff):
    path = reverse("admin:auth_user_password_change", args=[staff.pk])
    response = login(national_admin).post(path, {"usable_password": "true", "password1": "short",
                                                 "password2": "other"})
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(object_type="accounts.user", object_id=str(staff.pk),
                                         user=national_admin).exists()
