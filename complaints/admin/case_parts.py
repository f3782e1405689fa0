"""Sections of the case page drawn only when the agent opens them.

The case page draws what an agent reads first: the state and clocks, the
actions, the conversation and reply box, the customer's card and the linked
transactions. The customer's other tickets and transactions, the ticket's
history with its service clocks, and the triage, resolution, recovery and "Ask
the wallet" forms are GET views of their own, fetched when their <details> is
opened (workspace.js) and reachable as a link without JavaScript.
Each reads the ticket through the admin's scoped queryset, so a ticket the
agent may not see is a 404 here as on the case page (bench/README.md, "The list
and the case page render less").
"""

from collections.abc import Callable

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from complaints.admin.case import ticket_version
from complaints.admin.customer_panel import customer_panel_for_case
from complaints.admin.forms import RecoveryAttemptForm, ResolveForm
from complaints.models import StatusChange, Ticket, TicketHold, TicketTransaction
from sla.models import TicketClock


def case_customer_part(*, ticket: Ticket, request: HttpRequest) -> dict[str, object]:
    """The customer's other tickets and transactions around the disputed ones (3 queries)."""
    linked = [
        link.transaction
        for link in TicketTransaction.objects.filter(ticket=ticket).select_related(
            "transaction"
        )
    ]
    return {
        "panel": customer_panel_for_case(
            ticket=ticket, user=request.user, linked=linked
        )
    }


def case_history_part(*, ticket: Ticket, request: HttpRequest) -> dict[str, object]:
    """Status moves and holds, oldest first, and the service clocks (3 queries)."""
    return {
        "history": list(
            StatusChange.objects.filter(ticket=ticket)
            .select_related("actor")
            .order_by("created_at", "pk")
        ),
        "holds": list(
            TicketHold.objects.filter(ticket=ticket)
            .select_related("started_by")
            .order_by("started_at", "pk")
        ),
        "clocks": list(
            TicketClock.objects.filter(ticket=ticket)
            .select_related("profile")
            .order_by("cycle", "kind")
        ),
    }


def case_resolve_part(*, ticket: Ticket, request: HttpRequest) -> dict[str, object]:
    """The resolution form, with the ticket's version, root cause and currency (1 query).

    Drawn when the agent opens "Resolve…"; the POST is checked in full by the
    workspace view and the workflow, as from the case page.
    """
    refund = getattr(ticket, "refund_request", None)
    return {
        "resolve_form": ResolveForm(
            initial={
                "version": ticket_version(ticket_id=ticket.pk),
                "root_cause": ticket.root_cause,
                "currency": refund.currency if refund else "",
            }
        )
    }


def case_recovery_part(*, ticket: Ticket, request: HttpRequest) -> dict[str, object]:
    """The refund's recovery log form, with the ticket's version (1 query)."""
    return {
        "recovery_form": RecoveryAttemptForm(
            initial={"version": ticket_version(ticket_id=ticket.pk)}
        )
    }


def case_wallet_part(*, ticket: Ticket, request: HttpRequest) -> dict[str, object]:
    """The "Ask the wallet" form; wallet_actions' template tag draws it (no query)."""
    return {}


def case_triage_part(*, ticket: Ticket, request: HttpRequest) -> dict[str, object]:
    """Priority, queue and root cause: the admin's own form, POSTed to the change view.

    Drawn when the agent opens it (the case page's head shows the values); the
    save goes through TicketAdmin.save_model like any change-page save (1 query,
    the version; the queues are held).
    """
    model_admin = admin.site.get_model_admin(Ticket)
    form_class = model_admin.get_form(request, ticket, change=True)
    return {
        "form": form_class(
            instance=ticket,
            initial={"version": ticket_version(ticket_id=ticket.pk)},
            auto_id="wd-triage-%s",
        )
    }


CASE_PARTS: dict[str, Callable[..., dict[str, object]]] = {
    "customer": case_customer_part,
    "history": case_history_part,
    "resolve": case_resolve_part,
    "recovery": case_recovery_part,
    "wallet": case_wallet_part,
    "triage": case_triage_part,
}


class TicketCaseParts:
    """TicketAdmin mixin: the GET view behind the case page's deferred sections."""

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<path:object_id>/part/<slug:part>/",
                self.admin_site.admin_view(self.case_part_view),
                name="complaints_ticket_part",
            ),
            *super().get_urls(),
        ]

    def case_part_view(
        self, request: HttpRequest, object_id: str, part: str
    ) -> HttpResponse:
        """One section of the case page as an HTML fragment (GET only, reads only)."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        build = CASE_PARTS.get(part)
        if build is None:
            raise Http404
        try:
            ticket = (
                self.get_queryset(request)
                .select_related("customer", "refund_request")
                .filter(pk=int(object_id))
                .first()
            )
        except ValueError:
            ticket = None
        if ticket is None:
            raise Http404
        if not self.has_view_or_change_permission(request, ticket):
            raise PermissionDenied
        return TemplateResponse(
            request,
            f"admin/complaints/ticket/part_{part}.html",
            {
                "ticket": ticket,
                "can_act": self.has_change_permission(request, ticket),
                **build(ticket=ticket, request=request),
            },
        )
