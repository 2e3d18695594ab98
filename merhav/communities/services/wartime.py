"""Wartime (the seed's principles): a status check of every member, the call list split among the
leading core, and each call's outcome."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record

from ..models import CORE_ROLES, Community, CommunityMember, StatusCheck
from .common import notify, raise_if


def start_wartime_round(*, community: Community) -> int:
    """A new round of calls: every active member gets a check, the members split in turn among the
    leading core and the leaders (each caller gets a list). Returns the number of checks."""
    with transaction.atomic(), scope(community=community.pk):
        members = list(CommunityMember.objects.filter(community=community, is_active=True)
                       .select_related("user").order_by("pk"))
        callers = [m for m in members if m.role in CORE_ROLES]
        if not callers:
            raise_if({"__all__": _("The community has no leading core to make the calls.")})
        StatusCheck.objects.filter(community=community).delete()
        StatusCheck.objects.bulk_create([
            StatusCheck(community=community, member=member, caller=callers[i % len(callers)])
            for i, member in enumerate(members)
        ])
        if not community.wartime:
            Community.objects.filter(pk=community.pk).update(wartime=True)
        record(action=Action.UPDATE, obj=community, fields=["wartime", "status_checks"])
        from django.urls import reverse

        notify([c.user for c in callers], kind="communities.wartime",
               url=reverse("communities:wartime", args=[community.pk]),
               title=lambda: _("Wartime: you have a list of community members to call"))
    return len(members)


def record_status_call(*, check: StatusCheck, outcome: str, note: str = "") -> StatusCheck:
    if outcome not in StatusCheck.Outcome.values:
        raise_if({"outcome": _("Select a valid choice. That choice is not one of the available choices.")})
    with transaction.atomic(), scope(community=check.community_id):
        StatusCheck.objects.filter(pk=check.pk).update(outcome=outcome, note=(note or "").strip()[:300],
                                                       called_at=timezone.now())
        check.refresh_from_db()
        record(action=Action.UPDATE, obj=check, fields=["outcome", "note"])
    return check
