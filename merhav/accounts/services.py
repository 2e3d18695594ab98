"""Every write of the accounts app: a person's details, the calendar address, API tokens, two-factor
devices and backup codes, a new password.

Plain functions, keyword-only, one transaction each. None takes the HTTP request: the acting user, the
client's address and the request id come from merhav.core.context, which merhav.audit.services.record()
reads. Changes to a person are audited with the names of the changed fields, never their values.
"""

from __future__ import annotations

import base64
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

import segno
from axes.utils import reset as axes_reset
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from merhav.audit.services import Action, record
from merhav.core.prepared import Prepared
from merhav.tenancy.models import Authority
from merhav.tenancy.policy import requires_two_factor

from .models import ApiToken, User, hash_token
from .selectors import has_two_factor

# --- a person's details -------------------------------------------------------------------------------

PROFILE_FIELDS = ("full_name", "phone", "language")


def _update_user(user: User, values: dict) -> list[str]:
    """Save the values that differ from what is stored now; audit their names. Returns them."""
    with transaction.atomic():
        stored = User.objects.select_for_update().get(pk=user.pk)
        changed = sorted(name for name, value in values.items() if getattr(stored, name) != value)
        if not changed:
            return []
        for name in changed:
            setattr(stored, name, values[name])
        stored.save(update_fields=changed)
        record(action=Action.UPDATE, obj=stored, fields=changed)
    for name in changed:
        setattr(user, name, values[name])
    return changed


def update_profile(*, user: User, full_name: str, phone: str, language: str) -> list[str]:
    """A person's own details (personal data). Returns the names of the fields that changed."""
    return _update_user(user, {"full_name": full_name, "phone": phone, "language": language})


def change_language(*, user: User, language: str) -> bool:
    """The interface language the user chose in the switcher, remembered on the account."""
    return bool(_update_user(user, {"language": language}))


def renew_calendar_address(*, user: User) -> str:
    """A new secret calendar address (the first one, or a replacement: the old one stops working)."""
    with transaction.atomic():
        token = user.rotate_calendar_token()
        record(action=Action.UPDATE, obj=user, fields=["calendar_token"])
    return token


# --- API tokens ---------------------------------------------------------------------------------------

def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A personal token; the raw value is returned once, only its hash is stored."""
    with transaction.atomic():
        token, raw = ApiToken.issue(user=user, name=name)
        record(action=Action.CREATE, obj=token)
    return token, raw


def revoke_api_token(*, token: ApiToken) -> bool:
    """Revoke one token. Returns False when it was already revoked."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if revoked:
            record(action=Action.UPDATE, obj=token, fields=["revoked_at"])
    return bool(revoked)


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of a Bearer token: `user` is whom it names (None for an unknown token), `problem` why
    it is refused ("" when it is accepted)."""

    user: User | None
    problem: str = ""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    NEEDS_TWO_FACTOR = "two_factor"


# A token's last-used time is written at most this often.
TOKEN_LAST_USED_EVERY = timedelta(minutes=5)


# Token, user and whether the user has a confirmed device, in one statement compiled once per process (every
# API call by token runs it).
_live_token_by_hash: Prepared[ApiToken] = Prepared(
    lambda token_hash: ApiToken.objects.select_related("user")
    .annotate(user_has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True)))
    .filter(token_hash=token_hash, revoked_at__isnull=True, user__is_active=True),
    str,
)


def check_api_token(raw: str) -> TokenCheck:
    """Accept a token only when it is known, not revoked, not expired, its user is active and — when the
    user's roles need two-factor authentication now — the user has a confirmed device. Checked at each
    request, so a role that raises the requirement suspends the user's tokens until a device is confirmed.
    Token, user and device come in one query; the memberships are read once per request anyway."""
    tokens = _live_token_by_hash(hash_token(raw))
    token = tokens[0] if tokens else None
    if token is None:
        return TokenCheck(None, TokenCheck.UNKNOWN)
    if token.is_expired:
        return TokenCheck(token.user, TokenCheck.EXPIRED)
    if not getattr(token, "user_has_two_factor", False) and requires_two_factor(token.user):
        return TokenCheck(token.user, TokenCheck.NEEDS_TWO_FACTOR)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_LAST_USED_EVERY:
        # The account page shows the day of last use: a write every few minutes says it, not one per call
        # (a read of the API writes nothing in between).
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return TokenCheck(token.user)


# --- passwords ----------------------------------------------------------------------------------------

def reset_password(*, user: User, new_password: str) -> None:
    """The new password from a reset link: set, the account's lockout lifted (its owner proved the mailbox),
    and the user's API tokens revoked (User.save does that for every new password)."""
    with transaction.atomic():
        had_tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
        user.set_password(new_password)
        user.save()
        record(action=Action.UPDATE, user=user, obj=user, fields=["password"] + (["api_tokens"] if had_tokens else []))
    axes_reset(username=user.email)


# --- two-factor authentication ------------------------------------------------------------------------

TOTP_KEY_BYTES = 20  # 160 bits, django-otp's default
BACKUP_CODE_COUNT = 10
_BACKUP_CODE = re.compile(r"^[a-z2-7]{8}$")


class AlreadyEnrolled(Exception):
    """Another session confirmed a device first."""


def pending_totp_key(*, user: User, session_key: str) -> str:
    """The key (hex) offered to this login session for enrolment.

    Derived, never stored: reloading the page shows the same key, another session — someone else with
    the password — is shown another one, and after a reset of the user's two-factor even this session is
    offered a new one. Nothing is written until a code from the app confirms it (enrol_totp_device)."""
    value = f"{user.pk}:{user.two_factor_generation}:{session_key}"
    digest = salted_hmac("merhav.accounts.totp-enrolment", value, algorithm="sha256").digest()
    return digest[:TOTP_KEY_BYTES].hex()


def totp_secret_b32(key_hex: str) -> str:
    """The key as an authenticator app takes it when typed."""
    return base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")


def totp_config_url(*, user: User, key_hex: str) -> str:
    """The otpauth:// address in the QR code (django-otp builds it; the device is not saved)."""
    return TOTPDevice(user=user, key=key_hex, name="Merhav").config_url


def totp_qr_svg(config_url: str) -> str:
    """The provisioning QR code as inline SVG (no image request, nothing inline to script)."""
    buffer = BytesIO()
    segno.make(config_url, error="m").save(buffer, kind="svg", scale=5, xmldecl=False, svgns=True,
                                           title="QR", dark="#000", light="#fff")
    return buffer.getvalue().decode()


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    backup_codes: list[str]


def enrol_totp_device(*, user: User, key_hex: str, code: str) -> Enrolment | None:
    """Confirm the session's key with a code from the app. The device is saved confirmed (the code that
    confirmed it cannot be used again), ten backup codes replace any old ones, the owner is emailed and
    the audit log says so. None when the code is wrong; AlreadyEnrolled when another session was first."""
    probe = TOTPDevice(user=user, key=key_hex)
    totp = TOTP(probe.bin_key, probe.step, probe.t0, probe.digits, probe.drift)
    totp.time = time.time()
    try:
        matches = totp.verify(int(code), tolerance=probe.tolerance)
    except ValueError:
        matches = False
    if not matches:
        return None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()  # one enrolment at a time per user
        if has_two_factor(user):
            raise AlreadyEnrolled
        TOTPDevice.objects.filter(user=user).delete()  # an unconfirmed leftover, if any
        device = TOTPDevice.objects.create(user=user, name="Merhav", key=key_hex, confirmed=True,
                                           last_t=totp.t(), drift=totp.drift)
        codes = _replace_backup_codes(user)
        record(action=Action.PERMISSION_CHANGE, obj=user, fields=["two_factor"])
        _queue_security_notice(user, "device_added")
    return Enrolment(device, codes)


def format_backup_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


def normalise_backup_code(text: str) -> str:
    return re.sub(r"[\s-]", "", text).lower()


def looks_like_backup_code(text: str) -> bool:
    return bool(_BACKUP_CODE.match(normalise_backup_code(text)))


def _replace_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    tokens: set[str] = set()
    while len(tokens) < BACKUP_CODE_COUNT:
        tokens.add(StaticToken.random_token())  # 8 base32 characters, 40 random bits
    StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in sorted(tokens))
    return [format_backup_code(token) for token in sorted(tokens)]


def renew_backup_codes(*, user: User) -> list[str]:
    """Ten new backup codes; the old ones stop working. Shown once by the caller, never again."""
    with transaction.atomic():
        codes = _replace_backup_codes(user)
        record(action=Action.UPDATE, obj=user, fields=["backup_codes"])
        _queue_security_notice(user, "backup_codes_renewed")
    return codes


@dataclass(frozen=True)
class SecondFactor:
    device: Device
    backup_codes_left: int | None = None  # set when a backup code was used


def check_second_factor(*, user: User, code: str) -> SecondFactor | None:
    """The check after the password: six digits from the app, or a backup code (used up by this check).
    A failure is written to the audit log."""
    code = code.strip()
    passed: SecondFactor | None = None
    with transaction.atomic():
        if code.isdigit():
            for device in TOTPDevice.objects.filter(user=user, confirmed=True):
                if device.verify_is_allowed()[0] and device.verify_token(code):
                    passed = SecondFactor(device)
                    break
        elif looks_like_backup_code(code):
            passed = _use_backup_code(user, normalise_backup_code(code))
            if passed is not None:
                record(action=Action.LOGIN, obj=user, fields=["backup_code"])
        if passed is None:
            record(action=Action.LOGIN_FAILED, obj=user, fields=["two_factor"])
    return passed


def _use_backup_code(user: User, token: str) -> SecondFactor | None:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_is_allowed()[0]:
        return None
    with transaction.atomic():
        match = device.token_set.filter(token=token).values_list("pk", flat=True).first()
        # Deleting is the use: of two requests with the same code at once, only one deletes the row.
        if match is None or StaticToken.objects.filter(pk=match).delete()[0] != 1:
            device.throttle_increment()
            return None
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=False)
        device.save()
    return SecondFactor(device, device.token_set.count())


def reset_two_factor(*, user: User, authority: Authority | None = None) -> bool:
    """Remove the user's authenticator app and backup codes (a lost phone): the user must enrol again,
    at once in a session already open; tokens are suspended until then (check_api_token). Audited, and
    the user is emailed. `authority` names whose administrator did it (None: a national admin).
    Returns False when the user had nothing to reset."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
        if not removed:
            return False
        User.objects.filter(pk=user.pk).update(two_factor_generation=F("two_factor_generation") + 1)
        user.refresh_from_db(fields=["two_factor_generation"])
        record(action=Action.PERMISSION_CHANGE, obj=user, authority=authority, fields=["two_factor"])
        _queue_security_notice(user, "two_factor_reset", authority=authority)
    return True


def _queue_security_notice(user: User, notice: str, authority: Authority | None = None) -> None:
    from .tasks import send_security_notice

    authority_id = authority.pk if authority is not None else None
    transaction.on_commit(lambda: send_security_notice.enqueue(user_id=user.pk, notice=notice,
                                                               authority_id=authority_id))


# --- the calendar feed --------------------------------------------------------------------------------

def user_for_calendar_token(token: str) -> User | None:
    """The owner of a calendar address (a read kept here for merhav.notify, which imports it from here)."""
    if not token:
        return None
    return User.objects.filter(calendar_token=token, is_active=True).first()
