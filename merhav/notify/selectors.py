
from django.db.models import Q, QuerySet

from merhav.accounts.models import User
from merhav.tenancy.selectors import memberships_of

from .models import Notification


def visible_to(user: User) -> QuerySet[Notification]:
    """The user's notifications that they may still read: the platform's own (no authority) and those of
    authorities they still belong to. A member who was removed no longer reads that authority's news."""
    return Notification.objects.filter(recipient=user).filter(
        Q(authority__isnull=True) | Q(authority_id__in=list(memberships_of(user)))
    )


def inbox(user: User) -> QuerySet[Notification]:
    return visible_to(user).select_related("authority")


def unread_count(user: User) -> int:
    return visible_to(user).filter(read_at__isnull=True).count()
