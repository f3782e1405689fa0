from datetime import datetime

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.admin_paging import BoundedPagingAdmin
from sla.models import (
    Calendar,
    CalendarDay,
    ClockEvent,
    ExtensionStep,
    ProfileAssignment,
    RegimeProfile,
    TicketClock,
)


def deadline_text(
    *,
    due_at: datetime | None,
    now: datetime,
    is_breached: bool = False,
    is_paused: bool = False,
) -> str:
    """Time to a deadline as staff read it: "3 days left", "overdue by 2 hours"."""
    if due_at is None:
        return "—"
    if is_paused:
        return gettext("paused")
    if due_at >= now:
        left = gettext("%(time)s left") % {"time": timeuntil(due_at, now, depth=1)}
        return (
            gettext("%(left)s; a deadline was missed") % {"left": left}
            if is_breached
            else left
        )
    return gettext("overdue by %(time)s") % {"time": timesince(due_at, now, depth=1)}


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.display(description=_("time to deadline"))
def clock_time_left(clock: TicketClock) -> str:
    if clock.stopped_at is not None:
        return clock.get_stop_reason_display()
    return deadline_text(
        due_at=clock.due_at,
        now=timezone.now(),
        is_breached=clock.breached_at is not None,
        is_paused=clock.paused_at is not None,
    )


@admin.display(description=_("breached"), boolean=True, ordering="breached_at")
def clock_is_breached(clock: TicketClock) -> bool:
    return clock.breached_at is not None


class TicketClockInline(_ReadOnly, admin.TabularInline):
    """For the ticket admin: every clock of the ticket with its time left."""

    model = TicketClock
    extra = 0
    can_delete = False
    show_change_link = True
    fields = (
        "kind",
        "cycle",
        "profile",
        "due_at",
        clock_time_left,
        "extension_level",
        "paused_at",
        "warned_at",
        "breached_at",
        "stopped_at",
        "band",
    )
    readonly_fields = fields
    ordering = ("kind", "cycle")

    def get_queryset(self, request: HttpRequest) -> QuerySet[TicketClock]:
        return super().get_queryset(request).select_related("profile")


class ClockEventInline(_ReadOnly, admin.TabularInline):
    model = ClockEvent
    extra = 0
    can_delete = False
    fields = (
        "at",
        "kind",
        "actor",
        "approver",
        "reason",
        "pause_reason",
        "old_due_at",
        "new_due_at",
        "notice",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ClockEvent]:
        return (
            super().get_queryset(request).select_related("actor", "approver", "notice")
        )


class BreachedFilter(admin.SimpleListFilter):
    title = _("breach")
    parameter_name = "breached"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Breached")), ("no", _("Not breached"))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[TicketClock]
    ) -> QuerySet[TicketClock]:
        if self.value() == "yes":
            return queryset.filter(breached_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(breached_at__isnull=True)
        return queryset


class RunningFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("running", _("Running")),
            ("paused", _("Paused")),
            ("stopped", _("Stopped")),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[TicketClock]
    ) -> QuerySet[TicketClock]:
        if self.value() == "running":
            return queryset.filter(stopped_at__isnull=True, paused_at__isnull=True)
        if self.value() == "paused":
            return queryset.filter(stopped_at__isnull=True, paused_at__isnull=False)
        if self.value() == "stopped":
            return queryset.filter(stopped_at__isnull=False)
        return queryset


@admin.register(TicketClock)
class TicketClockAdmin(_ReadOnly, BoundedPagingAdmin, admin.ModelAdmin):
    list_display = (
        "ticket",
        "kind",
        "cycle",
        "profile",
        "due_at",
        clock_time_left,
        clock_is_breached,
        "extension_level",
        "band",
    )
    list_filter = (RunningFilter, BreachedFilter, "kind", "profile")
    list_select_related = ("ticket", "profile")
    search_fields = ("ticket__reference",)
    ordering = ("due_at",)
    show_full_result_count = False
    inlines = (ClockEventInline,)

    def get_readonly_fields(
        self, request: HttpRequest, obj: object = None
    ) -> list[str]:
        return [field.name for field in TicketClock._meta.fields]


@admin.register(ClockEvent)
class ClockEventAdmin(_ReadOnly, BoundedPagingAdmin, admin.ModelAdmin):
    list_display = (
        "at",
        "kind",
        "clock",
        "actor",
        "approver",
        "old_due_at",
        "new_due_at",
    )
    list_filter = ("kind",)
    list_select_related = ("clock", "actor", "approver")
    search_fields = ("clock__ticket__reference",)
    date_hierarchy = "at"
    show_full_result_count = False

    def get_readonly_fields(
        self, request: HttpRequest, obj: object = None
    ) -> list[str]:
        return [field.name for field in ClockEvent._meta.fields]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 1
    fields = ("date", "is_working_day", "name", "is_provisional", "source")
    ordering = ("date",)


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_zh_hans", "timezone", "cutoff")
    inlines = (CalendarDayInline,)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "calendar", "name", "is_working_day", "is_provisional")
    list_filter = ("calendar", "is_working_day", "is_provisional")
    list_select_related = ("calendar",)
    search_fields = ("name",)
    date_hierarchy = "date"


class ExtensionStepInline(admin.TabularInline):
    model = ExtensionStep
    extra = 0
    fields = ("order", "amount", "unit", "approval_role", "needs_notice", "description")


@admin.register(RegimeProfile)
class RegimeProfileAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "name_zh_hans",
        "code",
        "calendar",
        "ack_amount",
        "ack_unit",
        "resolve_amount",
        "resolve_unit",
        "is_default",
        "is_active",
    )
    list_filter = ("is_active", "calendar")
    list_select_related = ("calendar",)
    inlines = (ExtensionStepInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "name_zh_hans",
                    "description",
                    "calendar",
                    "is_default",
                    "is_active",
                )
            },
        ),
        (
            _("Clocks"),
            {
                "fields": (
                    ("ack_amount", "ack_unit"),
                    ("interim_label", "interim_amount", "interim_unit"),
                    ("resolve_amount", "resolve_unit"),
                    "rolls_to_business_day",
                    "warn_percent",
                )
            },
        ),
        (
            _("Pauses"),
            {
                "fields": (
                    "pause_for_customer",
                    "pause_for_third_party",
                    "pause_for_external_appraisal",
                )
            },
        ),
        (_("Reports"), {"fields": ("time_bands",)}),
    )


@admin.register(ProfileAssignment)
class ProfileAssignmentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "queue", "kind", "category", "profile")
    list_select_related = ("queue", "profile")
