from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry


def entries_for_authority(authority, *, action: str = "", user_id: int | None = None,
                          date_from: date | None = None, date_to: date | None = None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(authority=authority).select_related("user")
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
