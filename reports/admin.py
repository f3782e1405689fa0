from django.contrib import admin

from reports.models import SpikeAlert, SpikeRule


@admin.register(SpikeRule)
class SpikeRuleAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "metric",
        "window",
        "baseline_windows",
        "threshold_ratio",
        "min_count",
        "is_active",
    )
    list_filter = ("metric", "window", "is_active")


@admin.register(SpikeAlert)
class SpikeAlertAdmin(admin.ModelAdmin):
    list_display = ("rule", "key", "window_start", "count", "baseline", "created_at")
    list_filter = ("rule",)
    list_select_related = ("rule",)
    readonly_fields = (
        "rule",
        "key",
        "window_start",
        "window_end",
        "count",
        "baseline",
        "created_at",
    )
    exclude = ("notices",)
    show_full_result_count = False

    def has_add_permission(self, request: object) -> bool:
        return False
