import base64
from io import BytesIO

import segno
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def totp_secret_b32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> str:
    """The provisioning QR code as inline SVG (no image request, nothing inline to script)."""
    buffer = BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, xmldecl=False, svgns=True,
                                                  title="QR", dark="#000", light="#fff")
    return buffer.getvalue().decode()


def calendar_feed_url(user: User) -> str:
    token = user.ensure_calendar_token()
    return settings.MERHAV_SITE_URL + reverse("notify:calendar_feed", kwargs={"token": token})


def user_for_calendar_token(token: str) -> User | None:
    if not token:
        return None
    return User.objects.filter(calendar_token=token, is_active=True).first()
