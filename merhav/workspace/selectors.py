from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from merhav.audit.models import AuditEntry
from merhav.tenancy.models import Authority, Membership


def in_authority_log(authority: Authority) -> Q:
    """What an authority's log shows: its own entries, and the account events that belong to no
    authority (logins, failed logins, logouts, two-factor, password and token changes) of its current
    members."""
    with scopes_disabled():
        member_ids = Membership.objects.filter(authority=authority, is_active=True).values("user_id")
    return Q(authority=authority) | Q(authority__isnull=True, user_id__in=member_ids)


def entries_for_authority(authority: Authority, *, action: str = "", user_id: int | None = None,
                          date_from: date | None = None, date_to: date | None = None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(in_authority_log(authority)).select_related("user")
    if action:
        qs = qs.filter(action=action)
    if user_id:
        qs = qs.filter(user_id=user_id)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return qs
