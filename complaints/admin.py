from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from complaints import workflow
from complaints.errors import WorkflowError
from complaints.models import (
    Attachment,
    CancellationInquiry,
    ComplaintDetail,
    Message,
    Notice,
    Queue,
    QueueRoute,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketHold,
    TicketTransaction,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class TicketTransactionInline(ReadOnlyInline):
    model = TicketTransaction
    fields = ("transaction", "snapshot", "created_at")
    readonly_fields = fields


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ("created_at", "author", "is_internal", "body")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = (
        "original_name",
        "evidence_type",
        "content_type",
        "size",
        "is_internal",
        "created_at",
    )
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ("created_at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


class TicketHoldInline(ReadOnlyInline):
    model = TicketHold
    fields = ("waiting_on", "started_at", "started_by", "ended_at", "ended_by", "note")
    readonly_fields = fields


class NoticeInline(ReadOnlyInline):
    model = Notice
    fields = (
        "kind",
        "recipient",
        "created_at",
        "sent_at",
        "failed_at",
        "dispatch_count",
    )
    readonly_fields = fields


def _move(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Ticket],
    target: str,
) -> None:
    moved, refused = 0, []
    for ticket in queryset:
        try:
            workflow.ticket_transition(
                ticket=ticket, to_status=target, actor=request.user
            )
        except WorkflowError as error:
            refused.append(f"{ticket.reference}: {error.message}")
        else:
            moved += 1
    if moved:
        modeladmin.message_user(
            request, _("%(count)d ticket(s) moved.") % {"count": moved}
        )
    for line in refused:
        modeladmin.message_user(request, line, level=messages.WARNING)


@admin.action(description=_("Acknowledge"))
def acknowledge(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]
) -> None:
    _move(modeladmin, request, queryset, Ticket.Status.ACKNOWLEDGED)


@admin.action(description=_("Start investigating"))
def start_investigating(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]
) -> None:
    _move(modeladmin, request, queryset, Ticket.Status.INVESTIGATING)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "subject",
        "kind",
        "category",
        "status",
        "customer",
        "assignee",
        "received_at",
    )
    list_filter = ("status", "kind", "category", "queue", "channel", "language")
    search_fields = (
        "=reference",
        "customer__email",
        "=transaction_links__transaction__reference",
    )
    list_select_related = ("customer", "assignee")
    show_full_result_count = False
    date_hierarchy = "received_at"
    actions = [acknowledge, start_investigating]
    readonly_fields = (
        "reference",
        "customer",
        "kind",
        "category",
        "status",
        "received_at",
        "acknowledged_at",
        "resolve_by",
        "resolved_at",
        "outcome",
        "outcome_amount",
        "outcome_currency",
        "resolution_summary",
        "rating",
        "rating_comment",
        "channel",
        "language",
    )
    fields = (
        ("reference", "status"),
        ("customer", "channel", "language"),
        ("kind", "category"),
        "subject",
        "description",
        ("priority", "queue", "assignee"),
        ("received_at", "acknowledged_at", "resolve_by", "resolved_at"),
        ("outcome", "outcome_amount", "outcome_currency"),
        "resolution_summary",
        "root_cause",
        ("rating", "rating_comment"),
    )
    inlines = [
        TicketTransactionInline,
        MessageInline,
        AttachmentInline,
        StatusChangeInline,
        TicketHoldInline,
        NoticeInline,
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tickets are filed through ticket_create (portal, API, seed)

    def has_delete_permission(
        self, request: HttpRequest, obj: Ticket | None = None
    ) -> bool:
        return False


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("agents",)


@admin.register(QueueRoute)
class QueueRouteAdmin(admin.ModelAdmin):
    list_display = ("kind", "category", "queue")
    list_select_related = ("queue",)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "recipient",
        "ticket",
        "created_at",
        "sent_at",
        "failed_at",
        "dispatch_count",
    )
    list_filter = (
        "kind",
        ("sent_at", admin.EmptyFieldListFilter),
        ("failed_at", admin.EmptyFieldListFilter),
    )
    list_select_related = ("recipient", "ticket")
    readonly_fields = [field.name for field in Notice._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Notice | None = None
    ) -> bool:
        return False


for detail_model in (ComplaintDetail, RefundRequest, CancellationInquiry):
    admin.site.register(detail_model)
