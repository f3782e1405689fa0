"""Wallet actions in the admin: the list, and the case page's request, retry, approve."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext

from complaints.models import Ticket
from config.admin_paging import BoundedPagingAdmin
from config.errors import DomainError
from wallet_actions.forms import WalletActionRequestForm
from wallet_actions.models import PaymentCheck, QueueFreezePolicy, WalletAction
from wallet_actions.services import action_approve, action_request, action_retry


@admin.register(WalletAction)
class WalletActionAdmin(BoundedPagingAdmin, admin.ModelAdmin):
    list_display = (
        "pk",
        "ticket",
        "kind",
        "state",
        "amount",
        "currency",
        "attempt",
        "requested_at",
        "answered_at",
        "core_reference",
    )
    list_filter = ("kind", "state")
    list_select_related = ("ticket",)
    search_fields = ("=ticket__reference", "=core_reference")
    show_full_result_count = False
    readonly_fields = [field.name for field in WalletAction._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # asked for from the case page, through the service

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "ticket/<int:ticket_id>/request/",
                self.admin_site.admin_view(self.request_view),
                name="wallet_actions_request",
            ),
            path(
                "<int:action_id>/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="wallet_actions_step",
            ),
            *super().get_urls(),
        ]

    def _ticket(self, request: HttpRequest, ticket_id: int) -> Ticket:
        if request.method != "POST":
            raise Http404
        if not request.user.has_perm("complaints.change_ticket"):
            raise PermissionDenied
        return get_object_or_404(Ticket.objects.visible_to(request.user), pk=ticket_id)

    def _run(self, request: HttpRequest, ticket: Ticket, call: object) -> HttpResponse:
        try:
            action = call()
        except DomainError as error:
            self.message_user(request, error.message, level=messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("%(action)s: %(state)s.")
                % {
                    "action": action.get_kind_display(),
                    "state": self._state_label(action),
                },
                level=messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse("admin:complaints_ticket_change", args=[ticket.pk])
        )

    @staticmethod
    def _state_label(action: WalletAction) -> str:
        if action.is_waiting_approval:
            return gettext("waiting for a supervisor's approval")
        return action.get_state_display()

    def request_view(self, request: HttpRequest, ticket_id: int) -> HttpResponse:
        """Ask the wallet to act on the ticket (POST from the case page)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        ticket = self._ticket(request, ticket_id)
        form = WalletActionRequestForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, level=messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:complaints_ticket_change", args=[ticket.pk])
            )
        cleaned = form.cleaned_data
        link = ticket.transaction_links.select_related("transaction").filter(
            transaction__reference=cleaned["transaction"]
        )
        record = link.first().transaction if cleaned["transaction"] and link else None
        return self._run(
            request,
            ticket,
            lambda: action_request(
                ticket=ticket,
                kind=cleaned["kind"],
                actor=request.user,
                reason=cleaned["reason"],
                note=cleaned["note"],
                amount=cleaned["amount"],
                currency=cleaned["currency"],
                transaction_=record,
            ),
        )

    def step_view(
        self, request: HttpRequest, action_id: int, step: str
    ) -> HttpResponse:
        """Retry a failed action or approve a large payout (POST from the case page)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        action = get_object_or_404(WalletAction, pk=action_id)
        ticket = self._ticket(request, action.ticket_id)
        calls = {
            "retry": lambda: action_retry(action=action, actor=request.user),
            "approve": lambda: action_approve(action=action, actor=request.user),
        }
        if step not in calls:
            raise Http404
        return self._run(request, ticket, calls[step])


@admin.register(PaymentCheck)
class PaymentCheckAdmin(BoundedPagingAdmin, admin.ModelAdmin):
    list_display = ("pk", "transaction", "customer", "state", "asked_at", "ticket")
    list_filter = ("state",)
    list_select_related = ("transaction", "customer", "ticket")
    show_full_result_count = False
    readonly_fields = [field.name for field in PaymentCheck._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the wallet core reports payments through the system API

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(QueueFreezePolicy)
class QueueFreezePolicyAdmin(admin.ModelAdmin):
    list_display = ("queue", "freeze_on_dispute")
    list_select_related = ("queue",)
