import re

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import User


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("The email address or the password is wrong."),
        "inactive": _("This account is not active."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Queues the reset email (merhav.accounts.tasks.send_password_reset_email) instead of sending it
    during the request: the answer then takes as long whether or not the address has an account (no
    timing hint for someone probing addresses), a refused send is retried, and the link is made by the
    worker, in the account holder's language, from SITE_URL — never from the request's Host header."""

    def save(self, request=None, **_options):
        from .tasks import send_password_reset_email

        for user in self.get_users(self.cleaned_data["email"]):
            user_id = user.pk
            transaction.on_commit(lambda user_id=user_id: send_password_reset_email.enqueue(user_id=user_id))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language"]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. a reporting script."))


class OtpForm(forms.Form):
    otp_token = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class SecondFactorForm(forms.Form):
    """The check after the password: six digits from the app, or one of the backup codes."""

    otp_token = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("The six digits from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "dir": "ltr",
                                      "autocapitalize": "none", "spellcheck": "false"}),
    )

    def clean_otp_token(self) -> str:
        from .services import looks_like_backup_code

        code = self.cleaned_data["otp_token"].strip()
        if not (re.fullmatch(r"\d{6}", code) or looks_like_backup_code(code)):
            raise forms.ValidationError(_("Enter the six digits shown in your authenticator app, or a backup code."))
        return code


LANGUAGE_CHOICES = settings.LANGUAGES


class InvitedAccountForm(forms.Form):
    """The account of an invited person who has none yet: their name and a password."""

    full_name = forms.CharField(label=_("Full name"), max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("Type the same password again."))

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        if password1:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
