"""Extending a resolve deadline to its profile's next step."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from config.errors import WorkflowError
from sla import selectors
from sla.models import ClockEvent, ExtensionStep, TicketClock
from sla.services.scheduling import _lock, _mirror_resolve_by, _pauses, _schedule

if TYPE_CHECKING:
    from complaints.models import Notice, Ticket


def _check_approver(step: ExtensionStep, approver: User | None) -> None:
    if not step.approval_role:
        return
    if (
        approver is None
        or not approver.is_active
        or approver.role != step.approval_role
    ):
        raise WorkflowError(
            _("This extension needs the approval of %(role)s.")
            % {"role": step.get_approval_role_display().lower()}
        )


@transaction.atomic
def clock_extend(
    *,
    ticket: "Ticket",
    actor: User,
    reason: str,
    notify_customer: Callable[["Ticket"], "Notice"],
    approver: User | None = None,
) -> TicketClock:
    """Extend the resolve clock to the profile's next step.

    Locks the ticket and its clock. Needs staff, a reason, the step's approver
    role when it has one, and a deadline not yet passed. When the step says so,
    notify_customer(ticket) queues the extension notice to the customer first, in
    this transaction, and the audit event links the notice it returns. The new deadline counts from receipt and
    keeps earlier pauses; the 80 % warning re-arms, a recorded breach stays.
    Raises WorkflowError and changes nothing otherwise.
    """
    locked = _lock(ticket)
    if not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to extend a deadline."))
    if not locked.is_open:
        raise WorkflowError(_("A resolved ticket has no running deadlines."))
    if not reason.strip():
        raise WorkflowError(_("Give the reason for the extension."))
    clock = (
        TicketClock.objects.select_for_update()
        .select_related("profile")
        .filter(ticket=locked, kind=TicketClock.Kind.RESOLVE, stopped_at__isnull=True)
        .first()
    )
    if clock is None:
        raise WorkflowError(_("This ticket has no running resolve deadline."))
    steps = list(clock.profile.extension_steps.order_by("order"))
    if clock.extension_level >= len(steps):
        raise WorkflowError(
            _("The %(profile)s rules allow no further extension.")
            % {"profile": clock.profile.name}
        )
    step = steps[clock.extension_level]
    now = timezone.now()
    if clock.paused_at is None and now > clock.due_at:
        raise WorkflowError(
            _("The deadline has passed: an extension must be given before it.")
        )
    _check_approver(step, approver)
    calendar = selectors.calendar_for_profile(profile=clock.profile)
    old_due = clock.due_at
    _schedule(
        clock, calendar, amount=step.amount, unit=step.unit, pauses=_pauses(clock)
    )
    if clock.due_at <= old_due:
        raise WorkflowError(_("This extension would not move the deadline later."))
    notice = None
    if step.needs_notice:
        # The customer is told before the longer deadline applies (CN: notice of
        # the extension; UK: the holding response).
        notice = notify_customer(locked)
    clock.extension_level += 1
    if clock.warn_at > now:
        clock.warned_at = None
    clock.save()
    ClockEvent.objects.create(
        clock=clock,
        kind=ClockEvent.Kind.EXTEND,
        at=now,
        actor=actor,
        approver=approver if step.approval_role else None,
        reason=reason.strip(),
        extension_level=clock.extension_level,
        old_due_at=old_due,
        new_due_at=clock.due_at,
        notice=notice,
    )
    _mirror_resolve_by(ticket, clock.due_at)
    return clock
