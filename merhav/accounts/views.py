import copy
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from merhav.core.ratelimit import allow, client_key
from merhav.tenancy import services as tenancy_services

from . import selectors, services
from .forms import (
    EmailLoginForm,
    InvitedAccountForm,
    OtpForm,
    ProfileForm,
    QueuedPasswordResetForm,
    SecondFactorForm,
    TokenForm,
)
from .models import ApiToken, User


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailLoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not allow("login", client_key(request)):
            return render(request, "accounts/rate_limited.html", status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. Rate-limited like the login, so the form cannot be used to flood a mailbox."""

    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm  # the email is sent by the worker
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not allow("login", client_key(request)):
            return render(request, "accounts/rate_limited.html", status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set the new password (services.reset_password: logged, the lockout lifted, API tokens revoked)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        services.reset_password(user=self.user, new_password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@require_POST
def set_language(request):
    """Switch the interface language; remembered on the user when logged in, else in a cookie."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.change_language(user=request.user, language=language)
    if hasattr(request, "session"):
        request.session["merhav_language"] = language
    translation.activate(language)
    # Reported in the new language; the message takes the focus on the next page, so a screen reader says it.
    name = translation.get_language_info(language)["name_local"]
    report = _("The language is now %(language)s.") % {"language": name}
    if request.user.is_authenticated:
        # The switch also changes the account's language: say so, as later emails follow it.
        report += " " + _("It is saved on your account: your emails and notifications will come in it too.")
    messages.success(request, report)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@login_required
def profile(request):
    user = request.user
    # The form validates onto a copy: the user changes only through the service (which audits).
    form = ProfileForm(request.POST or None, instance=copy.copy(user))
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=user, **form.cleaned_data)
        request.session["merhav_language"] = user.language
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "tokens": selectors.api_tokens_of(user),
        "token_form": TokenForm(),
        "has_2fa": selectors.has_two_factor(user),
        "backup_codes_left": selectors.backup_codes_left(user),
        "calendar_url": selectors.calendar_feed_url(user),
        "api_token_days": settings.MERHAV_API_TOKEN_DAYS,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def calendar_token_reset(request):
    """A secret calendar address: the first one, or a new one (the old one stops working at once)."""
    had_one = bool(request.user.calendar_token)
    services.renew_calendar_address(user=request.user)
    if had_one:
        messages.success(request, _("Your calendar has a new address. Subscribe to it again in your calendar app."))
    else:
        messages.success(request, _("Your calendar address is ready. Subscribe to it in your calendar app."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("accounts:profile")
    token, raw = services.create_api_token(user=request.user, name=form.cleaned_data["name"])
    # Shown once, on this response only; only the hash is stored.
    return render(request, "accounts/token_created.html", {"token": token, "raw": raw})


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user, revoked_at__isnull=True)
    services.revoke_api_token(token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: the key offered is this session's own (services.pending_totp_key) and
    nothing is written until a code from the app confirms it; then the backup codes are shown, once."""
    user = request.user
    if selectors.has_two_factor(user):
        return redirect("accounts:two_factor_verify")
    key = services.pending_totp_key(user=user, session_key=request.session.session_key or "")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow("login", f"otp:{user.pk}"):
            return render(request, "accounts/rate_limited.html", status=429)
        try:
            enrolment = services.enrol_totp_device(user=user, key_hex=key, code=form.cleaned_data["otp_token"].strip())
        except services.AlreadyEnrolled:
            return redirect("accounts:two_factor_verify")
        if enrolment is not None:
            otp_login(request, enrolment.device)
            messages.success(request, _("Two-factor authentication is on."))
            return render(request, "accounts/backup_codes.html",
                          {"codes": enrolment.backup_codes, "next_url": _safe_next(request)})
        form.add_error("otp_token", _("The code is wrong or has expired. Try the code shown now."))
    config_url = services.totp_config_url(user=user, key_hex=key)
    context = {"form": form, "qr_svg": services.totp_qr_svg(config_url), "secret": services.totp_secret_b32(key)}
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request):
    user = request.user
    if not selectors.has_two_factor(user):
        return redirect("accounts:two_factor_setup")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow("login", f"otp:{user.pk}"):
            return render(request, "accounts/rate_limited.html", status=429)
        passed = services.check_second_factor(user=user, code=form.cleaned_data["otp_token"])
        if passed is not None:
            otp_login(request, passed.device)
            if passed.backup_codes_left is not None:
                messages.warning(request, ngettext(
                    "You used a backup code. %(count)d is left; you can make new ones on your account page.",
                    "You used a backup code. %(count)d are left; you can make new ones on your account page.",
                    passed.backup_codes_left) % {"count": passed.backup_codes_left})
            return redirect(_safe_next(request))
        form.add_error("otp_token", _("The code is wrong or has expired. Try the code shown now."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
@require_POST
def backup_codes(request):
    """New backup codes, shown once; the old ones stop working. Only in a session that passed the check."""
    user = request.user
    profile_url = reverse("accounts:profile")
    if not selectors.has_two_factor(user):
        return redirect("accounts:two_factor_setup")
    if not user.is_verified():
        return redirect(f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': profile_url})}")
    codes = services.renew_backup_codes(user=user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next_url": profile_url})


def accept_invitation(request, token: str):
    """An emailed invitation: a new person sets their name and password; a user with an account logs in
    (as the invited address) and accepts. Expired, revoked and used links say so."""
    invitation = tenancy_services.invitation_by_token(token)
    problem = tenancy_services.invitation_problem(invitation)
    if problem:
        return render(request, "accounts/invitation.html", {"problem": problem}, status=404 if invitation is None else 410)
    context = {"invitation": invitation, "authority_name": invitation.authority.name,
               "role": invitation.get_role_display()}
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            context["problem"] = _("This invitation was sent to a different email address. Log out, then open the "
                                   "link again and log in with the invited address.")
            return render(request, "accounts/invitation.html", context, status=403)
        if request.method == "POST":
            try:
                tenancy_services.accept_invitation(invitation=invitation, user=user)
            except tenancy_services.InvitationError as error:
                context["problem"] = str(error)
                return render(request, "accounts/invitation.html", context, status=410)
            return _welcome(request, invitation)
        return render(request, "accounts/invitation.html", {**context, "mode": "accept"})
    if User.objects.filter(email__iexact=invitation.email).exists():
        login_url = f"{reverse('accounts:login')}?next={quote(request.path)}"
        return render(request, "accounts/invitation.html", {**context, "mode": "login", "login_url": login_url})
    form = InvitedAccountForm(request.POST or None, email=invitation.email,
                              initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            new_user = tenancy_services.accept_invitation_as_new_user(
                invitation=invitation, full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"], language=translation.get_language() or "he",
            )
        except tenancy_services.InvitationError as error:
            context["problem"] = str(error)
            return render(request, "accounts/invitation.html", context, status=410)
        auth_login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        return _welcome(request, invitation)
    return render(request, "accounts/invitation.html", {**context, "mode": "register", "form": form})


def _welcome(request, invitation):
    messages.success(request, _("Welcome to %(authority)s.") % {"authority": invitation.authority.name})
    return redirect("tenancy:dashboard", authority_slug=invitation.authority.slug)
