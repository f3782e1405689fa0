from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from inbound_mail.models import InboundMessage


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    """Every message read from the mailbox; quarantined ones with their reason."""

    list_display = (
        "received_at",
        "state",
        "from_address",
        "subject",
        "reason",
        "ticket",
    )
    list_filter = ("state",)
    search_fields = ("=from_address", "message_id")
    list_select_related = ("ticket",)
    list_per_page = 50
    show_full_result_count = False
    fields = (
        "received_at",
        "state",
        "reason",
        "message_id",
        "mailbox",
        "from_address",
        "subject",
        "body",
        "size",
        "customer",
        "ticket",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[InboundMessage]:
        # The raw bytes (up to WALLETDESK_INBOUND_MAX_BYTES and beyond) stay in
        # the database; the page shows the decoded text.
        return super().get_queryset(request).defer("raw")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
