from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints.models import Ticket


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


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "preferred_language")
    search_fields = ("=username", "=email", "=phone")
    show_full_result_count = False
    # Facet counts run one COUNT per filter over the whole table.
    show_facets = admin.ShowFacets.NEVER
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Walletdesk"), {"fields": ("role", "preferred_language", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Walletdesk"), {"fields": ("email", "role", "preferred_language")}),
    )

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type]:
        if obj is not None and obj.is_customer:
            return [CustomerTicketInline]
        return []
