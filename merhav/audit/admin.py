from django.contrib import admin

from merhav.tenancy.admin import NationalAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(NationalAdmin):
    """National admins read the audit log here; nobody adds, changes or deletes an entry."""

    list_display = ["at", "action", "user", "authority", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "authority"]
    list_select_related = ["user", "authority"]
    date_hierarchy = "at"
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
