"""Queues, routing, canned replies, notices, refund approvals and the audit trail."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from complaints.admin.scoping import TicketScopedAdminMixin
from complaints.models import CannedReply, Notice, Queue, QueueRoute, RefundDecision
from complaints.notices import notices_retry
from config.admin_paging import BoundedPagingAdmin
from config.formats.money import money_format


class ReadOnlyAdminMixin:
    """Rows written only by services: staff look, nobody edits here."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class QueueRouteInline(admin.TabularInline):
    model = QueueRoute
    extra = 0


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh_hans", "slug", "assignment", "is_active")
    list_filter = ("is_active", "assignment")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("agents",)
    fields = (
        "name",
        "name_zh_hans",
        "slug",
        "description",
        "is_active",
        "assignment",
        "agents",
    )
    inlines = [QueueRouteInline]


@admin.register(QueueRoute)
class QueueRouteAdmin(admin.ModelAdmin):
    list_display = ("kind", "category", "queue")
    list_filter = ("kind", "queue")
    list_select_related = ("queue",)


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "category",
        "language",
        "action",
        "is_approved_template",
        "is_active",
    )
    list_filter = (
        "language",
        "kind",
        "category",
        "action",
        "is_approved_template",
        "is_active",
    )
    search_fields = ("title",)
    fields = (
        "title",
        ("kind", "category", "language"),
        "body",
        ("action", "is_approved_template", "is_active"),
    )

    def has_delete_permission(
        self, request: HttpRequest, obj: CannedReply | None = None
    ) -> bool:
        return False  # retire a reply with is_active instead; old messages cite it


@admin.register(RefundDecision)
class RefundDecisionAdmin(
    TicketScopedAdminMixin, ReadOnlyAdminMixin, BoundedPagingAdmin, admin.ModelAdmin
):
    """The refunds desk: decisions waiting for approval or payment, read-only here."""

    ticket_path = "refund_request__ticket"

    list_display = (
        "ticket_link",
        "amount_display",
        "decided_by",
        "decided_at",
        "needs_approval",
        "approved_by",
        "approved_at",
        "paid_at",
    )
    list_filter = (
        "needs_approval",
        ("approved_at", admin.EmptyFieldListFilter),
        ("paid_at", admin.EmptyFieldListFilter),
    )
    list_select_related = ("refund_request__ticket", "decided_by", "approved_by")
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    @admin.display(description=_("approved amount"), ordering="approved_amount")
    def amount_display(self, decision: RefundDecision) -> str:
        return money_format(decision.approved_amount, decision.currency)

    @admin.display(description=_("ticket"))
    def ticket_link(self, decision: RefundDecision) -> str:
        ticket = decision.refund_request.ticket
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:complaints_ticket_change", args=[ticket.pk]),
            ticket.reference,
        )


@admin.register(Notice)
class NoticeAdmin(
    TicketScopedAdminMixin, ReadOnlyAdminMixin, BoundedPagingAdmin, admin.ModelAdmin
):
    list_display = (
        "kind",
        "recipient",
        "ticket",
        "created_at",
        "sent_at",
        # Which channel a half-delivered notice still waits on (the SMS gateway).
        "email_sent_at",
        "sms_sent_at",
        "failed_at",
        "dispatch_count",
    )
    list_filter = (
        "kind",
        ("sent_at", admin.EmptyFieldListFilter),
        ("failed_at", admin.EmptyFieldListFilter),
    )
    list_select_related = ("recipient", "ticket")
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["retry_delivery"]

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("complaints.change_notice")

    @admin.action(
        description=_("Retry delivery of failed notices"), permissions=["retry"]
    )
    def retry_delivery(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        queued = notices_retry(notice_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d notice queued for delivery again.",
                "%(count)d notices queued for delivery again.",
                queued,
            )
            % {"count": queued},
        )


@admin.register(LogEntry)
class AuditTrailAdmin(ReadOnlyAdminMixin, BoundedPagingAdmin, admin.ModelAdmin):
    """Every change made in the admin, with who and when."""

    list_display = (
        "action_time",
        "user",
        "content_type",
        "object_repr",
        "action_flag",
        "change_summary",
    )
    list_filter = ("action_flag", "content_type")
    search_fields = ("=object_repr", "=user__username")
    list_select_related = ("user", "content_type")
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    @admin.display(description=_("change"))
    def change_summary(self, entry: LogEntry) -> str:
        return entry.get_change_message()

    def get_queryset(self, request: HttpRequest) -> QuerySet[LogEntry]:
        return super().get_queryset(request).order_by("-action_time", "-pk")
