from django.db.models import QuerySet

from .models import Notification


def inbox(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("authority")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
