"""A member removed from an authority no longer reads that authority's notifications: the inbox and the
unread badge show only notifications of authorities the user still belongs to (and platform ones)."""

from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.notify.services import send_notification
from merhav.tenancy import services as tenancy_services
from merhav.tenancy.models import Membership

INBOX = reverse("notify:inbox")


def remove(user, authority):
    with scopes_disabled():
        membership = Membership.objects.get(user=user, authority=authority)
    tenancy_services.set_membership_active(membership=membership, version=membership.version, active=False)


def test_the_inbox_hides_notifications_of_an_authority_the_user_left(login, staff, authority, other_authority):
    tenancy_services.set_membership(authority=other_authority, user=staff, role="staff")
    send_notification(recipient=staff, kind="test", title="Evacuation plan of Home City", authority=authority, email=False)
    send_notification(recipient=staff, kind="test", title="Drill in Other Town", authority=other_authority, email=False)
    send_notification(recipient=staff, kind="test", title="Welcome to Merhav", email=False)
    remove(staff, authority)
    content = login(staff).get(INBOX).content.decode()
    assert "Evacuation plan of Home City" not in content
    assert "Drill in Other Town" in content
    assert "Welcome to Merhav" in content


def test_the_unread_badge_does_not_count_them(login, staff, authority, other_authority):
    tenancy_services.set_membership(authority=other_authority, user=staff, role="staff")
    send_notification(recipient=staff, kind="test", title="Evacuation plan of Home City", authority=authority, email=False)
    remove(staff, authority)
    response = login(staff).get(INBOX)
    assert response.context["unread_notifications"] == 0
