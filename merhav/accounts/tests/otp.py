"""Compute the code an authenticator app would show for a device, with django-otp's own TOTP."""

import base64

from django_otp.oath import totp


def current_code(device, steps_ahead: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step,
                 digits=device.digits, drift=device.drift)
    return f"{value:0{device.digits}d}"


def wrong_code(device) -> str:
    right = int(current_code(device))
    return f"{(right + 1) % 10**device.digits:0{device.digits}d}"


def code_for_key(secret_b32: str, steps_ahead: int = 0) -> str:
    """The code an app shows for the key typed from the set-up page (base32, as the page shows it)."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return f"{totp(key, t0=-steps_ahead * 30):06d}"


def wrong_code_for_key(secret_b32: str) -> str:
    return f"{(int(code_for_key(secret_b32)) + 1) % 10**6:06d}"
