from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """National admins read the audit log here; nobody adds, changes or deletes an entry."""

    list_display = ["at", "action", "user", "authority", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "authority"]
    list_select_related = ["user", "authority"]
    date_hierarchy = "at"
    actions = None

    @staticmethod
    def _national_admin(request) -> bool:
        user = request.user
        return bool(user.is_active and (getattr(user, "is_national_admin", False) or user.is_superuser))

    def has_module_permission(self, request):
        return self._national_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._national_admin(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
