"""The ticket workspace: changelist, the case page and its workflow buttons."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints import workflow
from complaints.admin.bulk import (
    add_note,
    assign_to,
    assign_to_me,
    move_action,
    resume,
    wait_on_third_party,
)
from complaints.admin.case import (
    canned_reply_list_for_ticket,
    presence_others,
    ticket_case_for_staff,
    ticket_version,
)
from complaints.admin.columns import TicketColumns
from complaints.admin.filters import QuickViewFilter
from complaints.admin.forms import (
    STALE_MESSAGE,
    AssignForm,
    DeadlineExtendForm,
    HoldForm,
    MoveForm,
    ProfileChangeForm,
    RecoveryAttemptForm,
    RefundDecideForm,
    RefundPaidForm,
    ReplyForm,
    ResolveForm,
    TicketWorkspaceForm,
    WorkspaceActionForm,
)
from complaints.clocks import clock_extend
from complaints.errors import WorkflowError
from complaints.models import Ticket, TicketHold, TicketTransaction
from complaints.services import (
    recovery_attempt_add,
    refund_approve,
    refund_decide,
    refund_mark_paid,
    reply_send,
    ticket_assign,
    ticket_triage_update,
)
from complaints.services.assignment import ticket_presence_touch
from config.admin_paging import bounded_paginator
from config.formats.money import money_plain
from config.replica import replica_alias
from sla.services import ticket_profile_set
from transactions.models import Transaction

CASE_RELATED = (
    "customer",
    "queue",
    "assignee",
    "complaint_detail",
    "refund_request__transaction",
    "refund_request__duplicate_of",
    "refund_request__decision__decided_by",
    "refund_request__decision__approved_by",
    "cancellation_inquiry__transaction",
)
MOVE_LABELS = {
    Ticket.Status.ACKNOWLEDGED: _("Acknowledge"),
    Ticket.Status.INVESTIGATING: _("Start investigating"),
}
# The buttons start a hold, so they read as what the agent does; the hold's own
# label (TicketHold.WaitingOn) names the state the ticket is then in.
HOLD_LABELS = {
    TicketHold.WaitingOn.CUSTOMER: _("Ask the customer and wait"),
    TicketHold.WaitingOn.THIRD_PARTY: _("Wait on a third party"),
}


@dataclass(frozen=True)
class WorkspaceAction:
    form_class: type[WorkspaceActionForm]
    run: Callable[[HttpRequest, Ticket, dict[str, Any]], str]
    supervisor_only: bool = False


def _move(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    if cleaned["to_status"] == Ticket.Status.RESOLVED:
        raise WorkflowError(gettext("Use the resolve form: it needs an outcome."))
    workflow.ticket_transition(
        ticket=ticket,
        to_status=cleaned["to_status"],
        actor=request.user,
        note=cleaned["note"],
    )
    return gettext("Moved to %(status)s.") % {"status": ticket.get_status_display()}


def _hold(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    hold = workflow.ticket_hold(
        ticket=ticket,
        waiting_on=cleaned["waiting_on"],
        actor=request.user,
        note=cleaned["note"],
        request=cleaned["request"],
    )
    return gettext("On hold: %(waiting_on)s.") % {
        "waiting_on": hold.get_waiting_on_display()
    }


def _release(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    workflow.ticket_release(ticket=ticket, actor=request.user)
    return gettext("Hold ended; the SLA clock runs again.")


def _resolve(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    workflow.ticket_transition(
        ticket=ticket,
        to_status=Ticket.Status.RESOLVED,
        actor=request.user,
        resolution=workflow.Resolution(
            outcome=cleaned["outcome"],
            summary=cleaned["summary"].strip(),
            amount=cleaned["amount"],
            currency=cleaned["currency"].strip().upper(),
            root_cause=cleaned["root_cause"],
        ),
    )
    return gettext("Resolved: %(outcome)s.") % {"outcome": ticket.get_outcome_display()}


def _reply(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    canned = cleaned["canned_reply"]
    message = reply_send(
        ticket=ticket,
        author=request.user,
        body=cleaned["body"],
        canned_reply=canned,
        is_internal=cleaned["is_internal"],
    )
    if message.is_internal:
        return gettext("Internal note added.")
    if canned is not None and canned.action:
        return gettext("Reply sent; the ticket now waits on the customer.")
    return gettext("Reply sent to the customer.")


def _assign(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    assignee = cleaned["assignee"]
    ticket_assign(ticket=ticket, assignee=assignee, actor=request.user)
    if assignee is None:
        return gettext("Ticket unassigned.")
    return gettext("Assigned to %(name)s.") % {"name": assignee}


def _refund_decide(
    request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]
) -> str:
    decision = refund_decide(
        ticket=ticket,
        actor=request.user,
        approved_amount=cleaned["approved_amount"],
        currency=cleaned["currency"].strip().upper(),
        note=cleaned["note"],
    )
    if decision.is_pending_approval:
        return gettext(
            "Refund of %(amount)s decided; it is above the approval limit and waits for a supervisor."
        ) % {"amount": decision}
    return gettext("Refund of %(amount)s approved.") % {"amount": decision}


def _refund_approve(
    request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]
) -> str:
    decision = refund_approve(ticket=ticket, actor=request.user)
    return gettext("Refund of %(amount)s approved.") % {"amount": decision}


def _refund_paid(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    refund_mark_paid(
        ticket=ticket,
        actor=request.user,
        payment_reference=cleaned["payment_reference"],
    )
    return gettext("Refund marked paid.")


def _recovery(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    attempt = recovery_attempt_add(
        ticket=ticket,
        actor=request.user,
        method=cleaned["method"],
        amount_recovered=cleaned["amount_recovered"] or 0,
        note=cleaned["note"],
    )
    return gettext("Recovery attempt logged: %(method)s.") % {
        "method": attempt.get_method_display()
    }


def _extend(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    # The supervisor who extends is the approver a step may ask for.
    clock = clock_extend(
        ticket=ticket,
        actor=request.user,
        approver=request.user,
        reason=cleaned["reason"],
    )
    return gettext("Deadline extended to %(due)s.") % {
        "due": date_format(timezone.localtime(clock.due_at), "DATETIME_FORMAT")
    }


def _profile(request: HttpRequest, ticket: Ticket, cleaned: dict[str, Any]) -> str:
    profile = cleaned["profile"]
    ticket_profile_set(
        ticket=ticket, profile=profile, actor=request.user, reason=cleaned["reason"]
    )
    return gettext(
        "The ticket now runs under %(profile)s; its deadlines count from receipt."
    ) % {"profile": profile.name}


WORKSPACE_ACTIONS: dict[str, WorkspaceAction] = {
    "move": WorkspaceAction(MoveForm, _move),
    "hold": WorkspaceAction(HoldForm, _hold),
    "release": WorkspaceAction(WorkspaceActionForm, _release),
    "resolve": WorkspaceAction(ResolveForm, _resolve),
    "reply": WorkspaceAction(ReplyForm, _reply),
    "assign": WorkspaceAction(AssignForm, _assign),
    "refund-decide": WorkspaceAction(RefundDecideForm, _refund_decide),
    "refund-approve": WorkspaceAction(WorkspaceActionForm, _refund_approve),
    "refund-paid": WorkspaceAction(RefundPaidForm, _refund_paid),
    "recovery": WorkspaceAction(RecoveryAttemptForm, _recovery),
    "extend": WorkspaceAction(DeadlineExtendForm, _extend, supervisor_only=True),
    "profile": WorkspaceAction(ProfileChangeForm, _profile, supervisor_only=True),
}


@admin.register(Ticket)
class TicketAdmin(TicketColumns, admin.ModelAdmin):
    form = TicketWorkspaceForm
    list_display = (
        "reference",
        "subject",
        "kind_display",
        "category_display",
        "status_display",
        "customer",
        "assignee",
        "queue",
        "priority_display",
        "resolve_by_display",
        "received_at",
    )
    list_display_links = ("reference", "subject")
    list_filter = (
        QuickViewFilter,
        "status",
        "kind",
        "category",
        "priority",
        "queue",
        "channel",
        "language",
    )
    list_select_related = ("customer", "assignee", "queue")
    list_per_page = 50
    show_full_result_count = False
    # Facet counts run one COUNT per filter over the whole table.
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("reference",)  # the lookups are in get_search_results
    search_help_text = _(
        "Exact ticket reference (WD-…), customer email or transaction reference."
    )
    actions = [
        assign_to_me,
        assign_to,
        move_action(Ticket.Status.ACKNOWLEDGED, _("Acknowledge")),
        move_action(Ticket.Status.INVESTIGATING, _("Start investigating")),
        wait_on_third_party,
        resume,
        add_note,
    ]
    fieldsets = (
        (_("Triage"), {"fields": ("priority", "queue", "root_cause", "version")}),
    )

    class Media:
        css = {"all": ("admin_workspace/workspace.css",)}
        js = ("admin_workspace/workspace.js",)

    # Queries and scope ------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ticket]:
        on_hold = TicketHold.objects.filter(
            ticket=OuterRef("pk"), ended_at__isnull=True
        )
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .with_sla_flags()
            .annotate(on_hold=Exists(on_hold))
        )

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Ticket | None:
        try:
            return (
                self.get_queryset(request)
                .select_related(*CASE_RELATED)
                .get(pk=object_id)
            )
        except (Ticket.DoesNotExist, ValueError, ValidationError):
            return None

    def get_paginator(
        self,
        request: HttpRequest,
        queryset: QuerySet[Ticket],
        per_page: int,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        return bounded_paginator(request, queryset, per_page)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Ticket], search_term: str
    ) -> tuple[QuerySet[Ticket], bool]:
        """Search one indexed column picked by the term's shape, never a LIKE scan.

        "WD-…" is a ticket reference, a term with "@" a customer's email, anything
        else a transaction reference (through the link table's index).
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        # A search may read a moment-old copy: the replica, when there is one.
        queryset = queryset.using(replica_alias())
        if term.upper().startswith("WD-"):
            return queryset.filter(reference=term.upper()), False
        if "@" in term:
            customers = User.objects.filter(email=term).values("pk")
            return queryset.filter(customer__in=customers), False
        linked = TicketTransaction.objects.filter(
            transaction__in=Transaction.objects.filter(reference=term).values("pk")
        ).values("ticket_id")
        return queryset.filter(pk__in=linked), False

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tickets are filed through ticket_create (portal, API, seed)

    def has_delete_permission(
        self, request: HttpRequest, obj: Ticket | None = None
    ) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Ticket, form: Any, change: bool
    ) -> None:
        """Triage edits go through the service that audits them and re-plans clocks."""
        ticket_triage_update(
            ticket=obj,
            actor=request.user,
            priority=form.cleaned_data["priority"],
            queue=form.cleaned_data["queue"],
            root_cause=form.cleaned_data["root_cause"],
        )

    # The case page --------------------------------------------------------

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Ticket | None = None,
    ) -> HttpResponse:
        if obj is not None:
            case = ticket_case_for_staff(ticket=obj, user=request.user)
            version = case["version"]
            refund = getattr(obj, "refund_request", None)
            decision = getattr(refund, "decision", None) if refund else None
            context.update(
                {
                    "case": case,
                    "ticket": obj,
                    "can_act": self.has_change_permission(request, obj),
                    "is_supervisor": request.user.is_supervisor,
                    "move_buttons": [
                        (
                            target,
                            gettext("Reopen")
                            if obj.status == Ticket.Status.RESOLVED
                            else MOVE_LABELS.get(target, target.label),
                        )
                        for target in case["moves"]
                    ],
                    "hold_buttons": list(HOLD_LABELS.items()),
                    "resolve_form": ResolveForm(
                        initial={
                            "version": version,
                            "root_cause": obj.root_cause,
                            "currency": refund.currency if refund else "",
                        }
                    ),
                    "assign_form": AssignForm(
                        initial={"version": version, "assignee": obj.assignee_id}
                    ),
                    "refund": refund,
                    "decision": decision,
                    "refund_decide_form": RefundDecideForm(
                        initial={
                            "version": version,
                            "approved_amount": money_plain(
                                refund.amount_requested, refund.currency
                            )
                            if refund
                            else None,
                            "currency": refund.currency if refund else "",
                        }
                    ),
                    "refund_paid_form": RefundPaidForm(initial={"version": version}),
                    "recovery_form": RecoveryAttemptForm(initial={"version": version}),
                    "extend_form": DeadlineExtendForm(
                        initial={"version": version}, auto_id="wd-extend-%s"
                    ),
                    "profile_form": ProfileChangeForm(
                        initial={"version": version}, auto_id="wd-profile-%s"
                    ),
                    "approval_limit": settings.WALLETDESK_REFUND_APPROVAL_LIMIT,
                    "workspace_url": reverse(
                        "admin:complaints_ticket_workspace", args=[obj.pk, "presence"]
                    ),
                }
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<path:object_id>/workspace/<slug:action>/",
                self.admin_site.admin_view(self.workspace_action_view),
                name="complaints_ticket_workspace",
            ),
            *super().get_urls(),
        ]

    def workspace_action_view(
        self, request: HttpRequest, object_id: str, action: str
    ) -> HttpResponse:
        """One workflow or service call from a change-page button (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        ticket = self.get_object(request, object_id)
        if ticket is None:
            raise Http404
        if not self.has_change_permission(request, ticket):
            raise PermissionDenied
        if action == "presence":
            ticket_presence_touch(ticket=ticket, user=request.user)
            return JsonResponse(
                {
                    "others": presence_others(ticket_id=ticket.pk, user=request.user),
                    "version": ticket_version(ticket_id=ticket.pk),
                }
            )
        spec = WORKSPACE_ACTIONS.get(action)
        if spec is None:
            raise Http404
        if spec.supervisor_only and not request.user.is_supervisor:
            raise PermissionDenied
        change_url = reverse("admin:complaints_ticket_change", args=[ticket.pk])
        form = spec.form_class(request.POST)
        if action == "reply":
            form.fields["canned_reply"].queryset = form.fields[
                "canned_reply"
            ].queryset.filter(
                pk__in=[
                    reply.pk for reply in canned_reply_list_for_ticket(ticket=ticket)
                ]
            )
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    self.message_user(
                        request,
                        f"{label}: {error}" if label else error,
                        level=messages.ERROR,
                    )
            return HttpResponseRedirect(change_url)
        if form.cleaned_data["version"] != ticket_version(ticket_id=ticket.pk):
            self.message_user(request, STALE_MESSAGE, level=messages.WARNING)
            return HttpResponseRedirect(change_url)
        try:
            summary = spec.run(request, ticket, form.cleaned_data)
        except WorkflowError as error:
            self.message_user(request, error.message, level=messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
        else:
            self.log_change(request, ticket, summary)
            self.message_user(request, summary, level=messages.SUCCESS)
        return HttpResponseRedirect(change_url)
