# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose.
"""Playing each planned demo ticket through the services, at its planned moments."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from complaints import workflow
from complaints.clocks import clocks_check
from complaints.models import (
    CannedReply,
    Ticket,
    TicketHold,
)
from complaints.services import (
    ComplaintInput,
    InquiryInput,
    RefundInput,
    canned_reply_render,
    message_add,
    reply_send,
    ticket_create,
    ticket_rate,
)
from demo.demo_plans import _CENT, _Plan
from transactions.models import Transaction


@dataclass
class _Clock:
    """Walks a ticket's timeline forward, never past latest."""

    at: datetime
    latest: datetime

    def advance(self, hours: float) -> datetime:
        self.at = min(self.at + timedelta(hours=hours), self.latest)
        return self.at


@contextmanager
def _now_pinned_to(clock: _Clock) -> Iterator[None]:
    """Make timezone.now() read the clock while one ticket's history is played.

    The services stamp rows, and start, pause, stop and breach SLA clocks, at
    timezone.now(). Played at its planned moment, each step is computed as the
    services would have computed it then: an acknowledgement eight minutes after
    receipt meets its deadline. Rewriting their stamps afterwards missed the
    clocks, which stopped (and breached) at the moment the demo loaded. Audit
    events keep the real moment: they record when the demo wrote its rows.
    """
    real_now = timezone.now
    timezone.now = lambda: clock.at
    try:
        yield
    finally:
        timezone.now = real_now


def _fill(text: str, record: Transaction | None) -> str:
    if record is None:
        return text
    return text.format(
        amount=record.display_amount,
        counterparty=record.counterparty_name,
        reference=record.reference,
        date=f"{timezone.localtime(record.occurred_at):%Y-%m-%d}",
    )


def _details(
    plan: _Plan, records: dict[str, Transaction]
) -> tuple[ComplaintInput | RefundInput | InquiryInput, Transaction | None]:
    scenario, lang = plan.scenario, plan.lang
    about = records[plan.records[-1]["reference"]] if plan.records else None
    if scenario.kind == Ticket.Kind.COMPLAINT:
        return (
            ComplaintInput(
                transaction_ids=(about.pk,) if about else (),
                happened_at=about.occurred_at if about else plan.received_at,
                remedy_sought=scenario.remedy[lang],
            ),
            about,
        )
    if scenario.kind == Ticket.Kind.CANCELLED_TX_INQUIRY:
        return InquiryInput(transaction_id=about.pk), about
    refund = scenario.refund
    intended = refund.intended_amounts[lang] if refund.intended_amounts else None
    original = records[plan.records[0]["reference"]] if scenario.record.twin else None
    return (
        RefundInput(
            transaction_id=about.pk,
            amount_requested=(about.amount * refund.share).quantize(_CENT),
            intended_recipient=refund.intended_recipient[lang],
            intended_amount=Decimal(intended) if intended else None,
            payee_chosen_via=refund.payee_chosen_via,
            duplicate_of_id=original.pk if original else None,
        ),
        about,
    )


def _resolution(plan: _Plan, record: Transaction | None) -> workflow.Resolution:
    spec = plan.scenario.resolution
    lang = plan.lang
    if spec is None:  # scenarios written to stay open end as withdrawn if resolved
        return workflow.Resolution(outcome=Ticket.Outcome.WITHDRAWN)
    amount, currency = None, ""
    if spec.share is not None and record is not None:
        amount, currency = (record.amount * spec.share).quantize(_CENT), record.currency
    elif spec.fixed is not None:
        amount, currency = Decimal(spec.fixed[lang]), plan.person.home_currency
    return workflow.Resolution(
        outcome=spec.outcome,
        summary=spec.summary[lang],
        amount=amount,
        currency=currency,
        root_cause=spec.root_cause,
    )


_START_NOTE = ("已开始调查。", "Investigation started.")
_HOLD_NOTE = {
    TicketHold.WaitingOn.CUSTOMER: ("等待客户补充材料。", "Waiting for the customer."),
    TicketHold.WaitingOn.THIRD_PARTY: (
        "等待第三方回复。",
        "Waiting on the other party.",
    ),
}


# A hold on the customer tells them what is needed (workflow.ticket_hold).
_HOLD_REQUEST = (
    "请上传这笔交易的付款凭证或截图，以便我们继续处理。",
    "Please send us the payment receipt or a screenshot of this transaction so "
    "we can continue.",
)


def _ticket_play(
    plan: _Plan,
    *,
    people: dict[str, User],
    records: dict[str, Transaction],
    templates: dict[str, CannedReply],
    now: datetime,
) -> Ticket:
    """File one ticket and take it as far as its plan says, through the services.

    Each step runs at its planned moment (_now_pinned_to), from receipt to at
    most a minute before now.
    """
    clock = _Clock(at=plan.received_at, latest=now - timedelta(minutes=1))
    with _now_pinned_to(clock):
        return _ticket_steps(
            plan, clock=clock, people=people, records=records, templates=templates
        )


def _ticket_steps(
    plan: _Plan,
    *,
    clock: _Clock,
    people: dict[str, User],
    records: dict[str, Transaction],
    templates: dict[str, CannedReply],
) -> Ticket:
    scenario, lang = plan.scenario, plan.lang
    customer = people[plan.person.username]
    agent = people["agent"]
    details, about = _details(plan, records)
    ticket = ticket_create(
        customer=customer,
        kind=scenario.kind,
        category=scenario.category,
        subject=scenario.subject[lang],
        description=_fill(scenario.description[lang], about),
        details=details,
        channel=scenario.channel,
        received_at=plan.received_at,
        priority=scenario.priority,
        client_token=plan.token,
    )
    steps = iter(plan.steps)
    if plan.end != "received":
        clock.advance(next(steps) / 6)
        actor = None if plan.system_acknowledges else agent
        workflow.ticket_transition(
            ticket=ticket, to_status=Ticket.Status.ACKNOWLEDGED, actor=actor
        )
    if plan.end == "acknowledged":
        clock.advance(next(steps))
        message_add(
            ticket=ticket,
            author=agent,
            body=_fill(scenario.note[lang], about),
            is_internal=True,
        )
    if plan.end in {
        "investigating",
        "overdue",
        "on_hold",
        "resolved",
        "rated",
        "reopened",
    }:
        clock.advance(next(steps) * 4)
        workflow.ticket_transition(
            ticket=ticket,
            to_status=Ticket.Status.INVESTIGATING,
            actor=agent,
            note=_START_NOTE[lang],
        )
        clock.advance(next(steps))
        if scenario.reply[lang]:
            message_add(
                ticket=ticket, author=agent, body=_fill(scenario.reply[lang], about)
            )
        else:
            reply_send(
                ticket=ticket,
                author=agent,
                canned_reply=templates[plan.person.language],
            )
        clock.advance(next(steps) / 4)
        message_add(
            ticket=ticket,
            author=agent,
            body=_fill(scenario.note[lang], about),
            is_internal=True,
        )
    if plan.end == "overdue" and ticket.resolve_by is not None:
        # The periodic check, a minute after the deadline, records the breach.
        clock.advance((ticket.resolve_by - clock.at).total_seconds() / 3600 + 1 / 60)
        clocks_check()
    if plan.end == "on_hold":
        clock.advance(next(steps))
        asks = scenario.hold == TicketHold.WaitingOn.CUSTOMER
        # Tickets answered from approved templates only ask through one, unedited.
        template = None if scenario.reply[lang] else templates[plan.person.language]
        request = _HOLD_REQUEST[lang]
        if asks and template is not None:
            request = canned_reply_render(reply=template, ticket=ticket, author=agent)
        workflow.ticket_hold(
            ticket=ticket,
            waiting_on=scenario.hold,
            actor=agent,
            note=_HOLD_NOTE[scenario.hold][lang],
            request=request if asks else "",
            canned_reply=template if asks else None,
        )
    if plan.end in {"resolved", "rated", "reopened"}:
        clock.advance(next(steps) * 48)
        resolver = people["supervisor"] if plan.resolver_is_supervisor else agent
        workflow.ticket_transition(
            ticket=ticket,
            to_status=Ticket.Status.RESOLVED,
            actor=resolver,
            resolution=_resolution(plan, about),
        )
    if plan.end == "rated":
        clock.advance(next(steps) * 3)
        score, comment = scenario.rating
        ticket_rate(
            ticket=ticket, customer=customer, rating=score, comment=comment[lang]
        )
    if plan.end == "reopened":
        clock.advance(next(steps) * 24)
        text = scenario.customer_reply[lang] or _START_NOTE[lang]
        workflow.ticket_transition(
            ticket=ticket,
            to_status=Ticket.Status.INVESTIGATING,
            actor=customer,
            note=text,
        )
        clock.advance(0.1)
        message_add(ticket=ticket, author=customer, body=text)
    return ticket


def _tickets_play(
    plans: list[_Plan],
    *,
    people: dict[str, User],
    records: dict[str, Transaction],
    templates: dict[str, CannedReply],
    now: datetime,
) -> list[Ticket]:
    return [
        _ticket_play(plan, people=people, records=records, templates=templates, now=now)
        for plan in plans
    ]
