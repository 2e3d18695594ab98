"""The resources module in the personal calendar feed: the due dates of the cross-sector forum's decisions,
for those who run the partnerships (the partnerships manager, the CEO, the authority admin) of each of the
user's authorities."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from merhav.notify.calendar import CalendarItem
from merhav.tenancy.roles import Role
from merhav.tenancy.selectors import memberships_of

from .models import ForumDecision

RUNS_PARTNERSHIPS = (Role.PARTNERSHIPS_MANAGER, Role.CEO, Role.AUTHORITY_ADMIN)


def resources_calendar(user: Any) -> list[CalendarItem]:
    memberships = memberships_of(user)
    slugs = {authority_id: m.authority.slug for authority_id, m in memberships.items() if m.role in RUNS_PARTNERSHIPS}
    if not slugs:
        return []
    with scopes_disabled():
        decisions = (ForumDecision.objects.filter(authority_id__in=slugs, due_on__isnull=False)
                     .select_related("meeting").order_by("due_on", "id"))
        return [CalendarItem(
            uid=f"resources-forum-decision-{decision.pk}",
            summary=_("Forum decision due: %(text)s") % {"text": decision.text[:80]},
            start=decision.due_on,
            description=decision.owner,
            url=reverse("resources:forum_meeting", kwargs={"authority_slug": slugs[decision.authority_id],
                                                          "meeting_id": decision.meeting_id}),
        ) for decision in decisions if decision.due_on is not None]
