from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from complaints.models import Ticket, TicketTransaction
from transactions.models import Transaction


class TransactionTicketInline(admin.TabularInline):
    """The tickets that name this record, with the snapshot they were filed with."""

    model = TicketTransaction
    extra = 0
    can_delete = False
    verbose_name_plural = _("tickets about this transaction")
    fields = ("ticket_link", "ticket_status", "created_at", "snapshot")
    readonly_fields = fields

    @admin.display(description=_("ticket"))
    def ticket_link(self, link: TicketTransaction) -> str:
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("admin:complaints_ticket_change", args=[link.ticket_id]),
            link.ticket.reference,
            link.ticket.subject,
        )

    @admin.display(description=_("status"))
    def ticket_status(self, link: TicketTransaction) -> str:
        return link.ticket.get_status_display()

    def get_queryset(self, request: HttpRequest) -> QuerySet[TicketTransaction]:
        return (
            super()
            .get_queryset(request)
            .filter(ticket__in=Ticket.objects.visible_to(request.user))
            .select_related("ticket")
        )

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Transaction)
class TransactionAdmin(admin.ModelAdmin):
    """Ledger records are read-only here: the wallet core is their source."""

    list_display = (
        "reference",
        "owner",
        "type",
        "amount",
        "currency",
        "status",
        "cancel_source",
        "occurred_at",
    )
    list_filter = ("status", "type", "cancel_source", "currency")
    search_fields = (
        "=reference",
        "=owner__email",
        "=chain_hash",
        "=counterparty_account",
    )
    list_select_related = ("owner",)
    show_full_result_count = False
    # Facet counts run one COUNT per filter over the whole table.
    show_facets = admin.ShowFacets.NEVER
    inlines = [TransactionTicketInline]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Transaction | None = None
    ) -> list[str]:
        return [field.name for field in Transaction._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Transaction | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Transaction | None = None
    ) -> bool:
        return False
