from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.admin_paging import BoundedPagingAdmin


@admin.register(User)
class UserAdmin(BoundedPagingAdmin, DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "preferred_language")
    search_fields = ("=username", "=email", "=phone", "=wallet_account_id")
    # The wallet core provisions these (identity.provisioning), audited there.
    readonly_fields = ("wallet_account_id", "account_status")
    show_full_result_count = False
    # Facet counts run one COUNT per filter over the whole table.
    show_facets = admin.ShowFacets.NEVER
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Walletdesk"),
            {
                "fields": (
                    "role",
                    "preferred_language",
                    "phone",
                    "wallet_account_id",
                    "account_status",
                )
            },
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Walletdesk"), {"fields": ("email", "role", "preferred_language")}),
    )
