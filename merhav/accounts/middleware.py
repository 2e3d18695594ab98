from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from merhav.core.prepared import Prepared
from merhav.tenancy.policy import requires_two_factor


class UserLanguageMiddleware:
    """Puts the logged-in user's remembered language into the language cookie's place.

    Runs before LocaleMiddleware; the session user id is read without loading the user twice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get("merhav_language")
        if language and language in dict(settings.LANGUAGES):
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
        return self.get_response(request)


# Paths a user who must set up or confirm 2FA can still reach.
TWO_FACTOR_EXEMPT_PREFIXES = ("/account/2fa/", "/logout/", "/static/", "/i18n/", "/healthz", "/api/")


class TwoFactorRequiredMiddleware:
    """Users whose roles see personal data must pass a TOTP check in this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path_info.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
            and requires_two_factor(user)
        ):
            from .selectors import has_two_factor

            target = "accounts:two_factor_verify" if has_two_factor(user) else "accounts:two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def activate_user_language(request, user) -> None:
    if user.language:
        request.session["merhav_language"] = user.language
        translation.activate(user.language)


# The devices a session can be verified with, each read by SQL compiled once per process.
_DEVICE_READS = {
    "otp_totp.totpdevice": Prepared(lambda pk: TOTPDevice.objects.filter(pk=pk), int),
    "otp_static.staticdevice": Prepared(lambda pk: StaticDevice.objects.filter(pk=pk), int),
}


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (request.user.otp_device, user.is_verified()), with the session's device read
    without building its query on every request. The checks stay django-otp's: the device must exist, be
    the user's and be confirmed (OTPMiddleware._finalize_device), or the session is not verified."""

    def _device_from_persistent_id(self, persistent_id: str):
        label, _slash, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        read = _DEVICE_READS.get(label)
        if read is None:
            return super()._device_from_persistent_id(persistent_id)
        try:
            devices = read(int(device_id))
        except ValueError:
            return None
        return devices[0] if devices else None


# --- the user of the session --------------------------------------------------------------------------

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
_user_by_pk = Prepared(lambda pk: get_user_model()._default_manager.filter(pk=pk), int)


def _session_user(request):
    """django.contrib.auth.get_user, with ModelBackend's read of the user by SQL compiled once per process
    (the other backends, and everything else — the backend listed in the settings, is_active, the session
    hash that logs out every other session when the password changes — as Django does it)."""
    session = request.session
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path != MODEL_BACKEND or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    users = _user_by_pk(user_id)
    user = users[0] if users and ModelBackend().user_can_authenticate(users[0]) else None
    if user is None:
        return AnonymousUser()
    session_hash = session.get(HASH_SESSION_KEY)
    if session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
        return user
    return auth.get_user(request)  # a missing hash, or a fallback secret's: Django's own handling


def _cached_session_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _session_user(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's AuthenticationMiddleware, reading the session's user through `_session_user`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_session_user(request))
