"""Django admin: for national admins only (is_staff follows User.is_national_admin), unscoped (see the
AuthorityMiddleware). Everyday work happens on the authority pages; the admin is the national team's
tool for looking things up and fixing them. Saves here are written to our audit log too, and bump the
`version` of versioned rows so that a form open on an authority page notices the change."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from merhav.audit.services import Action, record

from . import services
from .models import Authority, Department, Invitation, Membership, Region


def is_national_admin(request) -> bool:
    user = request.user
    return bool(user.is_active and (getattr(user, "is_national_admin", False) or user.is_superuser))


class NationalAdmin(admin.ModelAdmin):
    """Full rights for national admins (they have no Django model permissions), none for anyone else."""

    can_delete = True

    def has_module_permission(self, request):
        return is_national_admin(request)

    def has_view_permission(self, request, obj=None):
        return is_national_admin(request)

    def has_add_permission(self, request):
        return is_national_admin(request)

    def has_change_permission(self, request, obj=None):
        return is_national_admin(request)

    def has_delete_permission(self, request, obj=None):
        return self.can_delete and is_national_admin(request)

    def save_model(self, request, obj, form, change):
        if change and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)
        record(action=self.audit_action(form, change), obj=obj,
               authority=getattr(obj, "authority_id", None), fields=form.changed_data)

    def audit_action(self, form, change) -> str:
        return Action.UPDATE if change else Action.CREATE

    def delete_model(self, request, obj):
        record(action=Action.DELETE, obj=obj, authority=getattr(obj, "authority_id", None))
        super().delete_model(request, obj)


class PermissionAudit:
    """Membership saves that change what a person may do are permission changes in the audit log."""

    def audit_action(self, form, change) -> str:
        if not change or services.PERMISSION_FIELDS & set(form.changed_data):
            return Action.PERMISSION_CHANGE
        return Action.UPDATE


@admin.register(Region)
class RegionAdmin(NationalAdmin):
    list_display = ["name_he", "name_ar", "name_en", "slug"]
    search_fields = ["name_he", "name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Authority)
class AuthorityAdmin(NationalAdmin):
    can_delete = False  # an authority is deactivated, never deleted with its history
    list_display = ["name_he", "name_en", "code", "slug", "kind", "district", "region", "population", "is_active"]
    list_filter = ["is_active", "kind", "district", "region"]
    list_select_related = ["region"]
    search_fields = ["name_he", "name_ar", "name_en", "code", "slug"]
    ordering = ["name_he"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "created_at"] if obj is not None else ["created_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.add_standard_departments(authority=obj)


@admin.register(Department)
class DepartmentAdmin(NationalAdmin):
    can_delete = False  # deactivate instead: members and history point at it
    list_display = ["__str__", "authority", "kind", "custom_name", "is_active"]
    list_filter = ["is_active", "kind"]
    list_select_related = ["authority"]
    search_fields = ["custom_name", "authority__name_he", "authority__name_en", "authority__code"]
    raw_id_fields = ["authority"]
    readonly_fields = ["version"]


class MembershipAdminForm(forms.ModelForm):
    """The admin builds the fields at request time, unscoped; this only adds the cross-row check."""

    def clean(self):
        cleaned = super().clean()
        department, authority = cleaned.get("department"), cleaned.get("authority")
        if department is not None and authority is not None and department.authority_id != authority.pk:
            self.add_error("department", _("The department belongs to another authority."))
        return cleaned


@admin.register(Membership)
class MembershipAdmin(PermissionAudit, NationalAdmin):
    can_delete = False  # deactivate instead, so the history stays readable
    form = MembershipAdminForm
    list_display = ["user", "authority", "role", "department", "title", "is_active"]
    list_filter = ["is_active", "role"]
    list_select_related = ["user", "authority", "department"]
    search_fields = ["user__email", "user__full_name", "authority__name_he", "authority__code"]
    raw_id_fields = ["user", "authority", "department"]
    readonly_fields = ["version", "created_at"]


@admin.register(Invitation)
class InvitationAdmin(NationalAdmin):
    """Read-only: invitations are sent, resent and revoked from the authority's people pages."""

    list_display = ["email", "authority", "role", "created_at", "expires_at", "sent_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    list_select_related = ["authority"]
    search_fields = ["email", "authority__name_he", "authority__code"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
