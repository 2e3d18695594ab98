"""Reads of the accounts app that views, the API and other apps share. Nothing here writes."""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, User


def has_two_factor(user: User) -> bool:
    """Enrolled: the user has a confirmed authenticator app (backup codes alone do not count)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def calendar_feed_url(user: User) -> str | None:
    """The personal calendar address, or None until the user asks for one (a GET never makes it)."""
    if not user.calendar_token:
        return None
    return settings.MERHAV_SITE_URL + reverse("notify:calendar_feed", kwargs={"token": user.calendar_token})


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
