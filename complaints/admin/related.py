"""Tickets on the pages of other apps' models: a customer's tickets on their user
page, a transaction's tickets on its record page.

accounts and transactions know nothing of tickets; complaints registers their
admins again here, with its inlines added.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from accounts.models import User
from complaints.models import Ticket, TicketTransaction
from transactions.admin import TransactionAdmin
from transactions.models import Transaction


class CustomerTicketInline(admin.TabularInline):
    """The customer's tickets, newest first, each linking to its workspace page."""

    model = Ticket
    fk_name = "customer"
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = _("tickets filed")
    fields = ("ticket_link", "kind", "category", "status", "received_at")
    readonly_fields = fields
    ordering = ("-received_at", "-pk")

    @admin.display(description=_("reference"))
    def ticket_link(self, ticket: Ticket) -> str:
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("admin:complaints_ticket_change", args=[ticket.pk]),
            ticket.reference,
            ticket.subject,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ticket]:
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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


class CustomerUserAdmin(UserAdmin):
    """The user admin, with a customer's tickets listed on their page."""

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type]:
        if obj is not None and obj.is_customer:
            return [CustomerTicketInline]
        return []


class TicketTransactionAdmin(TransactionAdmin):
    """The transaction admin, with the tickets that name the record."""

    inlines = [TransactionTicketInline]


# The imports above registered the plain admins first; these replace them.
admin.site.unregister(User)
admin.site.register(User, CustomerUserAdmin)
admin.site.unregister(Transaction)
admin.site.register(Transaction, TicketTransactionAdmin)
