"""The audit trail in the admin: read-only for everyone, superusers included."""

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent
from config.admin_paging import BoundedPagingAdmin


# The trail only grows: never count the whole table (BoundedPagingAdmin).
@admin.register(AuditEvent)
class AuditEventAdmin(BoundedPagingAdmin, admin.ModelAdmin):
    list_display = ("at", "action", "content_type", "object_repr", "actor", "source")
    list_filter = ("action", "source", "content_type")
    search_fields = ("=object_id", "object_repr")
    list_select_related = ("actor", "content_type")
    show_full_result_count = False
    readonly_fields = (
        "at",
        "actor",
        "action",
        "source",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
        "remote_addr",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AuditEvent | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AuditEvent | None = None
    ) -> bool:
        return False
