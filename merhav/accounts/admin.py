from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from merhav.audit.services import Action, record
from merhav.tenancy.admin import MembershipAdminForm, NationalAdmin
from merhav.tenancy.models import Membership
from merhav.tenancy.services import PERMISSION_FIELDS

from . import services
from .models import User


def admin_login(request, extra_context=None):
    """The admin has no login form of its own: its login sends to the app's, which has the rate limit,
    the lockout and the second factor, and brings the user back (?next=/admin/…). No password is ever
    checked at /admin/login/. A logged-in user who is not staff is refused here rather than sent round
    in a loop between the two logins."""
    if request.user.is_authenticated:
        raise PermissionDenied
    # The app's login checks that `next` is a path of this site before following it.
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = admin_login


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "language")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    fk_name = "user"
    extra = 0
    fields = ["authority", "role", "department", "title", "is_active"]
    raw_id_fields = ["authority", "department"]
    can_delete = False
    show_change_link = True

    def has_view_permission(self, request, obj=None):
        return NationalAdmin.has_view_permission(self, request, obj)

    def has_add_permission(self, request, obj=None):
        return NationalAdmin.has_view_permission(self, request, obj)

    def has_change_permission(self, request, obj=None):
        return NationalAdmin.has_view_permission(self, request, obj)


@admin.register(User)
class UserAdmin(NationalAdmin, DjangoUserAdmin):
    can_delete = False  # deactivate instead: the audit log and records point at the person
    form = UserEditForm
    add_form = UserCreationForm
    inlines = [MembershipInline]
    list_display = ["email", "full_name", "language", "is_national_admin", "is_active", "last_login"]
    list_filter = ["is_national_admin", "is_active", "language"]
    search_fields = ["email", "full_name"]
    ordering = ["full_name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "language"]}),
        (_("Access"), {"fields": ["is_active", "is_national_admin", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "language", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-factor authentication"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        """A lost phone: the person enrols again at the next login; audited, and the person is emailed."""
        reset = sum(1 for user in queryset if services.reset_two_factor(user=user))
        self.message_user(request, ngettext("Two-factor authentication of %(count)d person was reset.",
                                            "Two-factor authentication of %(count)d people was reset.",
                                            reset) % {"count": reset})

    def get_inline_instances(self, request, obj=None):
        # The add page is email, name and password only; memberships come once the user exists.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("is_superuser")  # only a superuser makes another
        return readonly

    def user_change_password(self, request, id, form_url=""):
        """The admin's "change password" form: the password is set by Django's view; the change is written to
        the audit log like a reset (User.save revokes the person's API tokens for a new password)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                record(action=Action.UPDATE, obj=user, fields=["password"])
        return response

    def audit_action(self, form, change) -> str:
        if not change or {"is_national_admin", "is_superuser", "is_active"} & set(form.changed_data):
            return Action.PERMISSION_CHANGE
        return Action.UPDATE

    def save_formset(self, request, form, formset, change):
        """Memberships edited inline: bump their version and log them like the authority pages do."""
        edited = [f for f in formset.forms if f.has_changed() and f.is_valid()]
        for inline_form in edited:
            if inline_form.instance.pk:
                inline_form.instance.version += 1
        super().save_formset(request, form, formset, change)
        for inline_form in edited:
            membership = inline_form.instance
            is_new = "authority" in inline_form.changed_data
            action = (Action.PERMISSION_CHANGE if is_new or PERMISSION_FIELDS & set(inline_form.changed_data)
                      else Action.UPDATE)
            record(action=action, obj=membership, authority=membership.authority_id,
                   fields=inline_form.changed_data)
