"""Compute the code an authenticator app would show for a device, with django-otp's own TOTP."""

from django_otp.oath import totp


def current_code(device, steps_ahead: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step,
                 digits=device.digits, drift=device.drift)
    return f"{value:0{device.digits}d}"


def wrong_code(device) -> str:
    right = int(current_code(device))
    return f"{(right + 1) % 10**device.digits:0{device.digits}d}"
