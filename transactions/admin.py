from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.admin_paging import BoundedPagingAdmin
from transactions.currencies import ledger_currencies
from transactions.models import Transaction


class CurrencyFilter(admin.SimpleListFilter):
    """The ledger's currencies, found through the currency index (the stock
    filter's SELECT DISTINCT read the whole table)."""

    title = _("currency or asset")
    parameter_name = "currency"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(code, code) for code in ledger_currencies()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(currency=self.value())
        return queryset


@admin.register(Transaction)
class TransactionAdmin(BoundedPagingAdmin, admin.ModelAdmin):
    """Ledger records are read-only here: the wallet core is their source."""

    list_display = (
        "reference",
        "owner",
        "type",
        "amount_display",
        "status",
        "cancel_source",
        "occurred_at",
    )
    list_filter = ("status", "type", "cancel_source", CurrencyFilter)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, record: Transaction) -> str:
        return record.display_amount

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
