"""Revoking and resending a pending invitation from the invitations page."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.tenancy.models import Invitation

from .conftest import page
from .test_accept_invitation import english_client, link, make_invitation


def test_admin_revokes_and_the_link_stops_working(login, authority, authority_admin):
    invitation = make_invitation(authority, authority_admin)
    response = login(authority_admin).post(page("invitation_revoke", authority, invitation_id=invitation.pk))
    assert response.status_code == 302
    with scope(authority=authority):
        assert Invitation.objects.get().revoked_at is not None
    entry = AuditEntry.objects.get(action="update", object_type="tenancy.invitation", user=authority_admin)
    assert entry.fields == ["revoked_at"]
    assert english_client().get(link(invitation)).status_code == 410
    assert invitation.email not in login(authority_admin).get(page("invitations", authority)).content.decode()


def test_admin_resends_an_expired_invitation_with_a_new_expiry(login, authority, authority_admin, run_tasks, settings):
    invitation = make_invitation(authority, authority_admin)
    run_tasks()
    assert len(mail.outbox) == 1
    later = timezone.now() + timedelta(days=settings.MERHAV_INVITATION_DAYS + 2)
    with time_machine.travel(later):
        client = login(authority_admin, language="en")
        assert "Expired" in client.get(page("invitations", authority)).content.decode()
        response = client.post(page("invitation_resend", authority, invitation_id=invitation.pk))
        assert response.status_code == 302
        run_tasks()
        assert len(mail.outbox) == 2
        assert link(invitation) in mail.outbox[1].body
        assert english_client().get(link(invitation)).status_code == 200
    with scope(authority=authority):
        assert Invitation.objects.get().expires_at > later


def test_a_revoked_invitation_cannot_be_resent(login, authority, authority_admin):
    invitation = make_invitation(authority, authority_admin)
    client = login(authority_admin)
    client.post(page("invitation_revoke", authority, invitation_id=invitation.pk))
    response = client.post(page("invitation_resend", authority, invitation_id=invitation.pk))
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_the_auditor_and_the_ceo_cannot_revoke_or_resend(login, authority, authority_admin, auditor, ceo):
    invitation = make_invitation(authority, authority_admin)
    for user in (auditor, ceo):
        client = login(user)
        assert client.get(page("invitations", authority)).status_code == 403
        for name in ("invitation_revoke", "invitation_resend"):
            assert client.post(page(name, authority, invitation_id=invitation.pk)).status_code == 403
    with scope(authority=authority):
        assert Invitation.objects.get().revoked_at is None


def test_an_invitation_of_another_authority_is_not_found(login, authority, other_authority, make_user):
    from merhav.tenancy.roles import Role

    their_admin = make_user(authority=other_authority, role=Role.AUTHORITY_ADMIN)
    our_admin = make_user(authority=authority, role=Role.AUTHORITY_ADMIN)
    theirs = make_invitation(other_authority, their_admin)
    response = login(our_admin).post(page("invitation_revoke", authority, invitation_id=theirs.pk))
    assert response.status_code == 404
    with scope(authority=other_authority):
        assert Invitation.objects.get().revoked_at is None
