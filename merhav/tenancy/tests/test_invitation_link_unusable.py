"""Expired, revoked, used and unknown invitation links say clearly why they do not work."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import PASSWORD
from merhav.tenancy import services
from merhav.tenancy.models import Membership

from .test_accept_invitation import english_client, link, make_invitation


def test_an_expired_invitation_cannot_be_used(authority, authority_admin, settings):
    invitation = make_invitation(authority, authority_admin)
    with time_machine.travel(timezone.now() + timedelta(days=settings.MERHAV_INVITATION_DAYS, hours=1)):
        client = english_client()
        response = client.get(link(invitation))
        assert response.status_code == 410
        assert "This invitation has expired" in response.content.decode()
        refused = client.post(link(invitation), {"full_name": "x", "password1": PASSWORD, "password2": PASSWORD})
    assert refused.status_code == 410
    with scopes_disabled():
        assert not Membership.objects.filter(user__email=invitation.email).exists()


def test_a_revoked_invitation_cannot_be_used(authority, authority_admin):
    invitation = make_invitation(authority, authority_admin)
    with scope(authority=authority):
        services.revoke_invitation(invitation=invitation, by=authority_admin)
    response = english_client().get(link(invitation))
    assert response.status_code == 410
    assert "This invitation was cancelled" in response.content.decode()


def test_a_used_invitation_cannot_be_used_again(authority, authority_admin):
    invitation = make_invitation(authority, authority_admin)
    data = {"full_name": "דנה", "password1": PASSWORD, "password2": PASSWORD}
    assert Client().post(link(invitation), data).status_code == 302
    response = english_client().get(link(invitation))
    assert response.status_code == 410
    assert "already used" in response.content.decode()


def test_an_unknown_link_is_404(db):
    response = english_client().get(reverse("accounts:accept_invitation", kwargs={"token": "no-such-token"}))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
