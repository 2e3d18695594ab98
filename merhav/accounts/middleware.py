from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

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
