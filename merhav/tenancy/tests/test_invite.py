"""Inviting a person by email: the invitation, its email (sent by the worker), and who may invite."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.tenancy.models import Department, Invitation, StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tasks import invitation_language

from .conftest import page


def invite_data(authority, **extra):
    with scope(authority=authority):
        welfare = Department.objects.get(authority=authority, kind=StandardDepartment.WELFARE)
    return {"email": "New.Person@Example.org", "full_name": "דנה לוי", "role": Role.DEPARTMENT_HEAD,
            "department": welfare.pk, "title": "מנהלת אגף הרווחה", **extra}


def test_admin_invites_and_the_email_goes_out_in_the_inviters_language(
    login, authority, authority_admin, run_tasks, settings
):
    authority_admin.language = "en"
    authority_admin.save(update_fields=["language"])
    response = login(authority_admin).post(page("invite", authority), invite_data(authority))
    assert response.status_code == 302
    assert response.url == page("invitations", authority)
    with scope(authority=authority):
        invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.department.kind, invitation.title, invitation.invited_by) == (
        "new.person@example.org", Role.DEPARTMENT_HEAD, StandardDepartment.WELFARE, "מנהלת אגף הרווחה", authority_admin
    )
    expected_expiry = timezone.now() + timedelta(days=settings.MERHAV_INVITATION_DAYS)
    assert abs(invitation.expires_at - expected_expiry) < timedelta(minutes=1)
    assert AuditEntry.objects.filter(action="create", object_type="tenancy.invitation", user=authority_admin).exists()

    run_tasks()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["new.person@example.org"]
    assert "invites you to join Home City" in email.body
    assert f"/invitations/{invitation.token}/" in email.body
    # No personal data in the subject.
    for personal in ("new.person", "דנה", authority_admin.full_name, authority_admin.email):
        assert personal not in email.subject
    with scope(authority=authority):
        assert Invitation.objects.get().sent_at is not None


def test_without_an_inviter_the_email_is_in_hebrew(authority):
    assert invitation_language(Invitation(authority=authority, email="x@example.org")) == "he"


def test_the_pending_invitation_is_listed(login, authority, authority_admin):
    client = login(authority_admin, language="en")
    client.post(page("invite", authority), invite_data(authority))
    response = client.get(page("invitations", authority))
    assert "new.person@example.org" in response.content.decode()
    assert "1 pending invitation" in client.get(page("people", authority)).content.decode()


def test_inviting_a_member_again_is_refused_next_to_the_email(login, authority, authority_admin, staff):
    client = login(authority_admin, language="en")
    response = client.post(page("invite", authority), invite_data(authority, email=staff.email))
    assert response.status_code == 200
    assert "already a member" in str(response.context["form"].errors["email"])
    assert response.context["form"]["full_name"].value() == "דנה לוי"  # what was typed is kept
    with scope(authority=authority):
        assert not Invitation.objects.exists()


def test_a_new_invitation_replaces_a_pending_one_for_the_same_address(login, authority, authority_admin):
    client = login(authority_admin)
    client.post(page("invite", authority), invite_data(authority))
    client.post(page("invite", authority), invite_data(authority, role=Role.STAFF))
    with scope(authority=authority):
        pending = Invitation.objects.filter(revoked_at__isnull=True)
        assert [i.role for i in pending] == [Role.STAFF]


def test_a_bad_email_is_reported_and_nothing_is_sent(login, authority, authority_admin):
    response = login(authority_admin).post(page("invite", authority), invite_data(authority, email="not-an-email"))
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    with scope(authority=authority):
        assert not Invitation.objects.exists()


def test_the_ceo_and_the_auditor_cannot_invite(login, authority, ceo, auditor):
    for user in (ceo, auditor):
        client = login(user)
        assert client.get(page("invite", authority)).status_code == 403
        assert client.post(page("invite", authority), invite_data(authority)).status_code == 403
    with scope(authority=authority):
        assert not Invitation.objects.exists()
    assert AuditEntry.objects.filter(action="denied", user=auditor).exists()


def test_an_outsider_gets_404(login, authority, outsider):
    assert login(outsider).get(page("invite", authority)).status_code == 404
