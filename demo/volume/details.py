"""Seeding a ticket's conversation, refund decision and SLA clocks."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings

from complaints.models import RecoveryAttempt
from demo.volume.batches import _Batch, _TicketState
from demo.volume.deadlines import _ProfilePlan
from demo.volume.mix import NOTES, REPLIES_CUSTOMER, REPLIES_STAFF
from demo.volume.sizes import Category
from sla.models import TicketClock


class DetailSeeding:
    """Messages, a refund decision (and recovery attempt), the clocks."""

    def messages(
        self,
        batch: "_Batch",
        state: "_TicketState",
        ticket: int,
        customer: int,
        agent: int,
        lang: int,
        start: datetime,
        end: datetime,
    ) -> None:
        rng = self.rng
        span = max((end - start).total_seconds(), 60)
        count = rng.choice((0, 1, 1, 2, 2, 3, 4))
        moments = sorted(
            start + timedelta(seconds=rng.random() * span) for _i in range(count)
        )
        for number, moment in enumerate(moments):
            if number % 2 == 0:
                internal = rng.random() < 0.35
                body = (
                    NOTES[rng.randrange(len(NOTES))]
                    if internal
                    else REPLIES_STAFF[rng.randrange(len(REPLIES_STAFF))][lang]
                )
                batch.messages.append(
                    (state.next("message"), ticket, agent, internal, body, moment)
                )
            else:
                body = REPLIES_CUSTOMER[rng.randrange(len(REPLIES_CUSTOMER))][lang]
                batch.messages.append(
                    (state.next("message"), ticket, customer, False, body, moment)
                )

    def decision(
        self,
        batch: "_Batch",
        state: "_TicketState",
        ticket: int,
        amount: Decimal,
        currency: str,
        agent: int,
        resolved: datetime,
        category: str,
    ) -> None:
        decided = resolved - timedelta(hours=2)
        needs_approval = amount > settings.WALLETDESK_REFUND_APPROVAL_LIMIT
        supervisors = state.people.supervisors
        batch.decisions.append(
            (
                ticket,
                amount,
                currency,
                agent,
                decided,
                "",
                needs_approval,
                supervisors[ticket % len(supervisors)] if needs_approval else None,
                decided + timedelta(minutes=30) if needs_approval else None,
                decided + timedelta(hours=1),
                f"PAY-{ticket}",
            )
        )
        if category == Category.WRONG_RECIPIENT:
            batch.recoveries.append(
                (
                    state.next("recovery"),
                    ticket,
                    RecoveryAttempt.Method.CONTACT_RECIPIENT,
                    "",
                    amount,
                    agent,
                    decided - timedelta(hours=4),
                )
            )

    def clocks(
        self,
        batch: "_Batch",
        state: "_TicketState",
        plan: _ProfilePlan,
        ticket: int,
        received: datetime,
        *,
        stops: dict[str, datetime | None],
    ) -> datetime:
        now = self.now
        percent = plan.profile.warn_percent
        resolve_due = received
        for spec in plan.specs:
            start = plan.started(received, spec.unit)
            due = plan.due(received, spec.amount, spec.unit)
            warn = due - (due - start) * (100 - percent) / 100
            stopped = stops[spec.kind]
            until = stopped or now
            warned = (
                warn + timedelta(minutes=3)
                if warn + timedelta(minutes=3) <= until
                else None
            )
            breached = None
            if stopped is not None and stopped > due:
                breached = stopped
            elif stopped is None and due + timedelta(minutes=5) <= now:
                breached = due + timedelta(minutes=5)
            band = ""
            if stopped is not None and spec.kind == TicketClock.Kind.RESOLVE:
                band = plan.band(received, stopped)
            batch.clocks.append(
                (
                    state.next("clock"),
                    ticket,
                    spec.kind,
                    1,
                    plan.profile.pk,
                    spec.label,
                    spec.amount,
                    spec.unit,
                    received,
                    start,
                    due,
                    warn,
                    0,
                    None,
                    timedelta(0),
                    warned,
                    breached,
                    stopped,
                    TicketClock.StopReason.FULFILLED if stopped else "",
                    band,
                )
            )
            if spec.kind == TicketClock.Kind.RESOLVE:
                resolve_due = due
        return resolve_due
