from urllib.parse import quote

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from merhav.audit.services import Action, record
from merhav.core.ratelimit import allow, client_key
from merhav.tenancy import services as tenancy_services

from . import services
from .forms import EmailLoginForm, InvitedAccountForm, OtpForm, ProfileForm, QueuedPasswordResetForm, TokenForm
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
    """Set the new password; logged, and a lockout of the account is lifted (its owner proved the mailbox)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=self.user.email)
        record(action=Action.UPDATE, user=self.user, obj=self.user, fields=["password"])
        return response


@require_POST
def set_language(request):
    """Switch the interface language; remembered on the user when logged in, else in a cookie."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    if hasattr(request, "session"):
        request.session["merhav_language"] = language
    translation.activate(language)
    # Reported in the new language; the message takes the focus on the next page, so a screen reader says it.
    name = translation.get_language_info(language)["name_local"]
    messages.success(request, _("The language is now %(language)s.") % {"language": name})
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
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        request.session["merhav_language"] = request.user.language
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "tokens": request.user.api_tokens.all(),
        "token_form": TokenForm(),
        "has_2fa": any(True for _ in devices_for_user(request.user, confirmed=True)),
        "calendar_url": services.calendar_feed_url(request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def calendar_token_reset(request):
    """A new secret calendar address; the old one stops working at once."""
    request.user.rotate_calendar_token()
    record(action=Action.UPDATE, obj=request.user, fields=["calendar_token"])
    messages.success(request, _("Your calendar has a new address. Subscribe to it again in your calendar app."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("accounts:profile")
    token, raw = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
    record(action=Action.CREATE, obj=token)
    # Shown once, on this response only; only the hash is stored.
    return render(request, "accounts/token_created.html", {"token": token, "raw": raw})


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(action=Action.UPDATE, obj=token, fields=["revoked_at"])
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")


@login_required
def two_factor_setup(request):
    """Create (or reuse) an unconfirmed TOTP device, show its QR code, confirm it with a code."""
    if any(True for _ in devices_for_user(request.user, confirmed=True)):
        return redirect("accounts:two_factor_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Merhav", confirmed=False)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow("login", f"otp:{request.user.pk}"):
            return render(request, "accounts/rate_limited.html", status=429)
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record(action=Action.PERMISSION_CHANGE, obj=request.user, fields=["two_factor"])
            messages.success(request, _("Two-factor authentication is on."))
            return redirect(_safe_next(request))
        form.add_error("otp_token", _("The code is wrong or has expired. Try the code shown now."))
    context = {"form": form, "qr_svg": services.totp_qr_svg(device), "secret": services.totp_secret_b32(device)}
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request):
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("accounts:two_factor_setup")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow("login", f"otp:{request.user.pk}"):
            return render(request, "accounts/rate_limited.html", status=429)
        code = form.cleaned_data["otp_token"].strip()
        for device in devices:
            if device.verify_is_allowed()[0] and device.verify_token(code):
                otp_login(request, device)
                return redirect(_safe_next(request))
        record(action=Action.LOGIN_FAILED, obj=request.user, fields=["two_factor"])
        form.add_error("otp_token", _("The code is wrong or has expired. Try the code shown now."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


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
