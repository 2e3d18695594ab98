"""Every administration page refuses every role but the authority admin (403, logged), and an outsider
does not even learn that the authority exists (404)."""

import pytest
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.tenancy import services
from merhav.tenancy.models import Department, Membership, PeopleImport
from merhav.tenancy.roles import Role

from .conftest import page

NOT_ADMINS = [role for role in Role.values if role != Role.AUTHORITY_ADMIN]
POST_ONLY = {"invitation_resend", "invitation_revoke", "membership_deactivate", "membership_reactivate"}


@pytest.fixture
def admin_pages(authority, authority_admin, staff):
    with scope(authority=authority):
        invitation = services.invite_member(authority=authority, email="x@example.org", by=authority_admin)
        stored = PeopleImport.objects.create(authority=authority, created_by=authority_admin,
                                             rows=[{"line": 2, "email": "y@example.org"}])
        department = Department.objects.filter(authority=authority).first()
        membership = Membership.objects.get(user=staff)
    return {
        "invite": {}, "invitations": {}, "people_import": {}, "people_import_template": {},
        "people_import_preview": {"token": stored.token},
        "invitation_resend": {"invitation_id": invitation.pk}, "invitation_revoke": {"invitation_id": invitation.pk},
        "department_add": {}, "department_edit": {"department_id": department.pk},
        "membership_edit": {"membership_id": membership.pk},
        "membership_deactivate": {"membership_id": membership.pk},
        "membership_reactivate": {"membership_id": membership.pk},
    }


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_every_other_role_is_refused(role, login, make_user, authority, admin_pages):
    user = make_user(authority=authority, role=role)
    client = login(user)
    for name, kwargs in admin_pages.items():
        url = page(name, authority, **kwargs)
        assert client.get(url).status_code == (405 if name in POST_ONLY else 403), f"GET {name} as {role}"
        assert client.post(url, {"version": 1, "email": "z@example.org", "custom_name": "z"}).status_code == 403, (
            f"POST {name} as {role}"
        )
    assert AuditEntry.objects.filter(action="denied", user=user).count() == len(admin_pages)
    with scope(authority=authority):
        assert not Membership.objects.filter(version__gt=1).exists()
        assert PeopleImport.objects.get().applied_at is None


def test_the_admin_reaches_every_page(login, authority, authority_admin, admin_pages):
    client = login(authority_admin)
    for name, kwargs in admin_pages.items():
        if name not in POST_ONLY:
            assert client.get(page(name, authority, **kwargs)).status_code == 200, name


def test_an_outsider_gets_404_everywhere(login, authority, outsider, admin_pages):
    client = login(outsider)
    for name, kwargs in admin_pages.items():
        url = page(name, authority, **kwargs)
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"version": 1}).status_code == 404, name
