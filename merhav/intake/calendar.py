"""Evacuee intake in the personal calendar feed: the due dates of the open long-term services of the
sections the user works on (all of them for the intake coordinator). The entries name the kind of service
and its number, never the person: a calendar feed ends up on phones and in other people's calendars."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from merhav.notify.calendar import CalendarItem
from merhav.tenancy.selectors import memberships_of

from .access import visible_sections
from .models import LongTermService


def intake_calendar(user) -> list[CalendarItem]:
    items: list[CalendarItem] = []
    for authority_id, membership in memberships_of(user).items():
        sections = visible_sections(user, membership.authority)
        if not sections:
            continue
        with scopes_disabled():
            services = list(LongTermService.objects.filter(
                authority_id=authority_id, section__in=sections, status__in=LongTermService.OPEN_STATUSES,
                due_on__isnull=False).only("id", "kind", "due_on").order_by("due_on", "id")[:500])
        for service in services:
            items.append(CalendarItem(
                uid=f"intake-service-{service.pk}",
                summary=_("Service due: %(kind)s (no. %(number)s)") % {"kind": service.get_kind_display(),
                                                                      "number": service.pk},
                start=service.due_on,
                url=reverse("intake:service", kwargs={"authority_slug": membership.authority.slug,
                                                      "service_id": service.pk}),
            ))
    return items
