from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.admin_paging import BoundedPagingAdmin
from reports.models import SpikeAlert, SpikeRule
from reports.services import spike_alert_declare


@admin.register(SpikeRule)
class SpikeRuleAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "name_zh_hans",
        "metric",
        "window",
        "baseline_windows",
        "threshold_ratio",
        "min_count",
        "is_active",
    )
    list_filter = ("metric", "window", "is_active")


@admin.register(SpikeAlert)
class SpikeAlertAdmin(BoundedPagingAdmin, admin.ModelAdmin):
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
    actions = ("declare_incident",)

    def has_add_permission(self, request: object) -> bool:
        return False

    @admin.action(
        description=_("Declare an incident from the selected alert"),
        permissions=["declare"],
    )
    def declare_incident(
        self, request: HttpRequest, queryset: QuerySet[SpikeAlert]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose one alert to declare an incident."), messages.ERROR
            )
            return None
        incident = spike_alert_declare(
            alert=queryset.select_related("rule").get(), actor=request.user
        )
        return HttpResponseRedirect(
            reverse("admin:incidents_incident_change", args=[incident.pk])
        )

    def has_declare_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("incidents.add_incident")
