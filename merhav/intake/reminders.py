"""Reminders of stalled long-term services, sent by the periodic job (merhav.intake.tasks). The title and
the body name no one; the link carries only the service's number; only the owner department's members
who write, and the intake coordinators, are reminded."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from merhav.notify.services import send_notification
from merhav.tenancy.models import Authority, Membership
from merhav.tenancy.roles import Role

from .access import section_owners
from .models import LongTermService

STALLED_DAYS = 14

STALLED_TITLE = gettext_lazy("A long-term service of your department is waiting for an update")
STALLED_BODY = gettext_lazy("A service has had no update for two weeks. Open it to update its status or close it.")


def send_stalled_reminders(*, now=None) -> int:
    """Remind each stalled service's department (its members who write) and the coordinators, once per
    stall. The title and the body name no one; the link carries only the service's number."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=STALLED_DAYS)
    sent = 0
    with scopes_disabled():
        stalled = list(LongTermService.objects.filter(status__in=LongTermService.OPEN_STATUSES,
                                                      last_update_at__lt=cutoff)
                       .select_related("authority").order_by("authority_id", "id"))
        by_authority: dict[int, list[LongTermService]] = {}
        for service in stalled:
            by_authority.setdefault(service.authority_id, []).append(service)
        for authority_id, services in by_authority.items():
            owners = section_owners(authority_id)
            members = list(Membership.objects.filter(authority_id=authority_id, is_active=True, user__is_active=True)
                           .select_related("user"))
            authority: Authority = services[0].authority
            for service in services:
                owner = owners.get(service.section)
                recipients = [m.user for m in members if m.role == Role.INTAKE_COORDINATOR
                              or (owner is not None and m.department_id == owner
                                  and m.role not in (Role.AUDITOR, Role.VIEWER))]
                url = reverse("intake:service", kwargs={"authority_slug": authority.slug, "service_id": service.pk})
                stall_key = service.last_update_at.date().isoformat()
                for user in recipients:
                    if send_notification(recipient=user, kind="intake.service_stalled", title=STALLED_TITLE,
                                         body=STALLED_BODY, url=url, authority=authority,
                                         dedupe_key=f"intake-service:{service.pk}:stalled:{stall_key}"):
                        sent += 1
    return sent
