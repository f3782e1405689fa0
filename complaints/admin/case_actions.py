"""The case page's workflow buttons: one form and one service call per action."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from complaints import workflow
from complaints.admin.forms import (
    AssignForm,
    DeadlineExtendForm,
    HoldForm,
    MoveForm,
    ProfileChangeForm,
    RecoveryAttemptForm,
    RefundDecideForm,
    ReplyForm,
    ResolveForm,
    WorkspaceActionForm,
)
from complaints.clocks import clock_extend
from complaints.errors import WorkflowError
from complaints.models import CannedReply, Ticket
from complaints.services import (
    recovery_attempt_add,
    refund_approve,
    refund_decide,
    reply_send,
    ticket_assign,
)
from sla.services import ticket_profile_set


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
    action = canned.action if canned is not None else ""
    if action == CannedReply.Action.REQUEST_EVIDENCE:
        return gettext("Reply sent; the ticket now waits on the customer.")
    if action == CannedReply.Action.WAIT_THIRD_PARTY:
        return gettext("Reply sent; the ticket now waits on a third party.")
    if action == CannedReply.Action.START_INVESTIGATING:
        return gettext("Reply sent; the ticket is being investigated.")
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
    "recovery": WorkspaceAction(RecoveryAttemptForm, _recovery),
    "extend": WorkspaceAction(DeadlineExtendForm, _extend, supervisor_only=True),
    "profile": WorkspaceAction(ProfileChangeForm, _profile, supervisor_only=True),
}
