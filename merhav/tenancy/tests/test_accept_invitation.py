"""Accepting an invitation: a new person creates their account; someone with an account logs in and accepts."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from conftest import PASSWORD, verified_login
from merhav.audit.models import AuditEntry
from merhav.tenancy import services
from merhav.tenancy.models import Department, Invitation, Membership, StandardDepartment
from merhav.tenancy.roles import Role

User = get_user_model()


def make_invitation(authority, by, email="new.person@example.org", role=Role.STAFF, **extra) -> Invitation:
    with scope(authority=authority):
        return services.invite_member(authority=authority, email=email, full_name="דנה לוי", role=role, by=by, **extra)


def link(invitation) -> str:
    return reverse("accounts:accept_invitation", kwargs={"token": invitation.token})


def english_client() -> Client:
    client = Client()
    client.cookies["merhav_language"] = "en"
    return client


def test_a_new_person_sets_name_and_password_and_joins(authority, authority_admin):
    with scope(authority=authority):
        education = Department.objects.get(authority=authority, kind=StandardDepartment.EDUCATION)
    invitation = make_invitation(authority, authority_admin, department=education, title="רכזת")
    client = english_client()
    page = client.get(link(invitation))
    assert page.status_code == 200
    assert page.context["form"]["full_name"].value() == "דנה לוי"

    response = client.post(link(invitation), {"full_name": "דנה לוי-כהן", "password1": PASSWORD,
                                              "password2": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "דנה לוי-כהן" and user.check_password(PASSWORD)
    with scopes_disabled():
        membership = Membership.objects.get(user=user)
        assert (membership.authority, membership.role, membership.department, membership.title) == (
            authority, Role.STAFF, education, "רכזת"
        )
        assert Invitation.objects.get().accepted_at is not None
    assert AuditEntry.objects.filter(action="permission_change", object_type="tenancy.membership", user=user).exists()
    # Logged in: the dashboard opens.
    assert client.get(response.url).status_code == 200


def test_a_weak_password_is_refused_and_the_name_is_kept(authority, authority_admin):
    invitation = make_invitation(authority, authority_admin)
    response = english_client().post(link(invitation), {"full_name": "דנה", "password1": "12345",
                                                         "password2": "12345"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["password1"]
    assert form["full_name"].value() == "דנה"
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_two_different_passwords_are_refused(authority, authority_admin):
    invitation = make_invitation(authority, authority_admin)
    response = english_client().post(link(invitation), {"full_name": "דנה", "password1": PASSWORD,
                                                         "password2": PASSWORD + "x"})
    assert "not the same" in str(response.context["form"].errors["password2"])


def test_someone_with_an_account_is_asked_to_log_in(authority, authority_admin, outsider):
    invitation = make_invitation(authority, authority_admin, email=outsider.email)
    response = english_client().get(link(invitation))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Log in to accept" in body
    assert f"{reverse('accounts:login')}?next={link(invitation)}" in body
    assert "password1" not in body


def test_a_logged_in_user_accepts_and_gets_the_membership(authority, authority_admin, outsider):
    invitation = make_invitation(authority, authority_admin, email=outsider.email, role=Role.AUDITOR)
    client = verified_login(Client(), outsider)
    assert client.get(link(invitation)).status_code == 200
    response = client.post(link(invitation))
    assert response.status_code == 302
    with scopes_disabled():
        membership = Membership.objects.get(user=outsider, authority=authority)
    assert membership.role == Role.AUDITOR and membership.is_active
    assert client.get(response.url).status_code == 200


def test_an_invitation_for_another_address_is_refused(login, authority, authority_admin, outsider):
    invitation = make_invitation(authority, authority_admin)
    client = login(outsider, language="en")
    response = client.post(link(invitation))
    assert response.status_code == 403
    assert "different email address" in response.content.decode()
    with scopes_disabled():
        assert not Membership.objects.filter(user=outsider, authority=authority).exists()
