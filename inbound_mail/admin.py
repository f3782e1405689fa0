from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import customer_find
from config.admin_paging import BoundedPagingAdmin
from config.errors import DomainError
from inbound_mail.models import InboundMessage
from inbound_mail.services import inbound_contact_file


@admin.register(InboundMessage)
class InboundMessageAdmin(BoundedPagingAdmin, admin.ModelAdmin):
    """Every message read from the mailbox; quarantined ones with their reason."""

    list_display = (
        "received_at",
        "state",
        "from_address",
        "subject",
        "reason",
        "ticket",
    )
    list_filter = ("state",)
    search_fields = ("=from_address", "message_id")
    list_select_related = ("ticket",)
    list_per_page = 50
    show_full_result_count = False
    fields = (
        "received_at",
        "state",
        "reason",
        "message_id",
        "mailbox",
        "from_address",
        "subject",
        "body",
        "size",
        "customer",
        "ticket",
        "matching",
    )
    readonly_fields = fields

    @admin.display(description=gettext_lazy("customer to match"))
    def matching(self, obj: InboundMessage) -> str:
        if obj.state != InboundMessage.State.PENDING_CONTACT:
            return "—"
        return format_html(
            '<a class="button" id="wd-contact-match" href="{}">{}</a>',
            reverse("admin:inbound_mail_inboundmessage_file", args=[obj.pk]),
            _("Find the customer and file it"),
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/file/",
                self.admin_site.admin_view(self.file_for_customer_view),
                name="inbound_mail_inboundmessage_file",
            ),
            *super().get_urls(),
        ]

    def file_for_customer_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """GET finds the customer (no change); POST files the email as theirs."""
        if not (
            self.has_view_permission(request)
            and request.user.has_perm("complaints.change_ticket")
        ):
            raise PermissionDenied
        message = get_object_or_404(
            InboundMessage.objects.defer("raw"),
            pk=pk,
            state=InboundMessage.State.PENDING_CONTACT,
        )
        query = request.GET.get("find", "").strip()
        customer = customer_find(query=query) if query else None
        error = ""
        if request.method == "POST" and customer is not None:
            try:
                ticket = inbound_contact_file(
                    message=message, customer=customer, actor=request.user
                )
            except (ValidationError, DomainError) as refused:
                error = (
                    " ".join(refused.messages)
                    if isinstance(refused, ValidationError)
                    else str(refused)
                )
            else:
                messages.success(
                    request,
                    _("The email is filed as %(reference)s.")
                    % {"reference": ticket.reference},
                )
                return HttpResponseRedirect(
                    reverse("admin:complaints_ticket_change", args=[ticket.pk])
                )
        return TemplateResponse(
            request,
            "admin/inbound_mail/inboundmessage/file_for_customer.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("File a pending contact"),
                "message": message,
                "query": query,
                "customer": customer,
                "not_found": bool(query) and customer is None,
                "error": error,
            },
            status=400 if error else 200,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[InboundMessage]:
        # The raw bytes (up to WALLETDESK_INBOUND_MAX_BYTES and beyond) stay in
        # the database; the page shows the decoded text.
        return super().get_queryset(request).defer("raw")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
