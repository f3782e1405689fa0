"""Demo data: people, queues, ledgers and tickets filed and worked through the services."""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.services import user_create
from complaints import workflow
from complaints.clocks import clocks_check
from complaints.models import (
    CannedReply,
    Notice,
    Queue,
    QueueRoute,
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
from config import celery_app
from demo.demo_content import (
    APPROVED_TEMPLATES,
    COUNTERPARTIES,
    DEMO_PASSWORD,
    DEMO_RANDOM_SEED,
    EXTRA_CUSTOMER_SCENARIOS,
    LEDGER_SIZE,
    LEDGER_SIZE_DEFAULT,
    PEOPLE,
    QUEUE_MEMBERS,
    QUEUES,
    SCENARIOS,
    Person,
    RecordSpec,
    Scenario,
)
from transactions.importing import ledger_import
from transactions.models import Transaction

_CENT = Decimal("0.01")
# Days before now that a scenario's ticket was received, by how far it got.
_AGE_DAYS: dict[str, tuple[float, float]] = {
    "received": (0.02, 0.3),
    "acknowledged": (0.3, 1.5),
    "investigating": (1.5, 5),
    "overdue": (17, 22),  # past the 15 calendar days to resolve
    "on_hold": (1.5, 5),
    "resolved": (6, 25),
    "rated": (6, 25),
    "reopened": (7, 12),
}
_FILLER_KINDS = (
    # type, status, cancel_source, weight
    ("payment", "completed", "", 10),
    ("transfer_out", "completed", "", 6),
    ("transfer_in", "completed", "", 6),
    ("top_up", "completed", "", 4),
    ("withdrawal", "completed", "", 2),
    ("refund", "completed", "", 1),
    ("payment", "failed", "", 1),
    ("transfer_out", "pending", "", 1),
    ("payment", "cancelled", "user", 1),
    ("transfer_out", "cancelled", "system_failure", 1),
    ("transfer_in", "reversed", "", 1),
)


@dataclass
class DemoSeedResult:
    """What one run of the demo seed added; all zero on a second run."""

    users_created: int = 0
    transactions_imported: int = 0
    tickets_created: int = 0


@dataclass
class _Plan:
    """One ticket to file: every random choice is drawn before anything is written."""

    person: Person
    scenario: Scenario
    end: str
    received_at: datetime
    steps: list[float]
    system_acknowledges: bool
    resolver_is_supervisor: bool
    records: list[dict[str, str]] = field(default_factory=list)

    @property
    def token(self) -> str:
        return f"demo:{self.scenario.key}"

    @property
    def lang(self) -> int:
        return 0 if self.person.language == "zh-hans" else 1


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


def _reference(rng: random.Random) -> str:
    return f"T{rng.randrange(10**15, 10**16)}"


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _record_row(
    *,
    rng: random.Random,
    person: Person,
    type_: str,
    status: str,
    amount: str,
    currency: str,
    counterparty: tuple[str, str],
    occurred_at: datetime,
    cancel_source: str = "",
    cancel_reason: str = "",
    network: str = "",
    fee: str = "0",
) -> dict[str, str]:
    row = {
        "reference": _reference(rng),
        "owner": person.username,
        "type": type_,
        "amount": amount,
        "currency": currency,
        "network": network,
        "fee": fee,
        "status": status,
        "cancel_source": cancel_source,
        "cancel_reason": cancel_reason,
        "counterparty_name": counterparty[0],
        "counterparty_account": counterparty[1],
        "occurred_at": _iso(occurred_at),
        "chain_hash": "",
        "completed_at": "",
        "cancelled_at": "",
    }
    if network:
        row["chain_hash"] = f"{rng.getrandbits(256):064x}"
    if status in {"completed", "reversed"}:
        row["completed_at"] = _iso(occurred_at + timedelta(seconds=rng.randint(2, 90)))
    elif status == "cancelled":
        row["cancelled_at"] = _iso(occurred_at + timedelta(seconds=rng.randint(5, 600)))
    return row


def _scenario_rows(
    rng: random.Random, person: Person, spec: RecordSpec, occurred_at: datetime
) -> list[dict[str, str]]:
    lang = 0 if person.language == "zh-hans" else 1
    common = {
        "rng": rng,
        "person": person,
        "type_": spec.type,
        "status": spec.status,
        "amount": spec.amounts[lang],
        "currency": spec.currency or person.home_currency,
        "counterparty": spec.counterparty[lang],
        "cancel_source": spec.cancel_source,
        "cancel_reason": spec.cancel_reason,
        "network": spec.network,
        "fee": spec.fee,
    }
    rows = [_record_row(occurred_at=occurred_at, **common)]
    if spec.twin:
        # The original payment comes first; the ticket is about the second one.
        rows.insert(
            0, _record_row(occurred_at=occurred_at - timedelta(minutes=2), **common)
        )
    return rows


def _filler_rows(
    rng: random.Random, person: Person, count: int, now: datetime
) -> list[dict[str, str]]:
    other_currency = "USD" if person.home_currency == "CNY" else "CNY"
    weights = [kind[3] for kind in _FILLER_KINDS]
    rows = []
    for _index in range(count):
        type_, status, cancel_source, _weight = rng.choices(_FILLER_KINDS, weights)[0]
        currency = other_currency if rng.random() < 0.15 else person.home_currency
        scale = 7 if currency == "CNY" else 1
        amount = Decimal(rng.uniform(3, 300) * scale).quantize(_CENT)
        counterparty = rng.choice(COUNTERPARTIES[person.language])
        rows.append(
            _record_row(
                rng=rng,
                person=person,
                type_=type_,
                status=status,
                amount=str(amount),
                currency=currency,
                counterparty=counterparty,
                occurred_at=now - timedelta(days=rng.uniform(1, 90)),
                cancel_source=cancel_source,
                cancel_reason="Cancelled in the app" if cancel_source == "user" else "",
                fee=str((amount * Decimal("0.001")).quantize(_CENT))
                if type_ == "withdrawal"
                else "0",
            )
        )
    return rows


def _plans(now: datetime) -> tuple[list[_Plan], list[dict[str, str]]]:
    """Decide every ticket, ledger record and moment up front, from a fixed seed.

    Returns the ticket plans (each with the records it is about) and the other
    ledger records.
    """
    by_key = {scenario.key: scenario for scenario in SCENARIOS}
    plans: list[_Plan] = []
    fillers: list[dict[str, str]] = []
    for person in PEOPLE:
        if person.role != User.Role.CUSTOMER:
            continue
        rng = random.Random(f"{DEMO_RANDOM_SEED}:{person.username}")  # noqa: S311 - demo data
        if person.username in EXTRA_CUSTOMER_SCENARIOS:
            chosen = [
                (by_key[key], end)
                for key, end in EXTRA_CUSTOMER_SCENARIOS[person.username]
            ]
        else:
            lang = 0 if person.language == "zh-hans" else 1
            chosen = [(scenario, scenario.ends[lang]) for scenario in SCENARIOS]
        own_rows: list[dict[str, str]] = []
        person_plans = []
        for scenario, end in chosen:
            low, high = _AGE_DAYS[end]
            received_at = now - timedelta(days=rng.uniform(low, high))
            plan = _Plan(
                person=person,
                scenario=scenario,
                end=end,
                received_at=received_at,
                steps=[rng.uniform(0.5, 1.5) for _step in range(8)],
                system_acknowledges=rng.random() < 0.6,
                resolver_is_supervisor=rng.random() < 0.3,
            )
            if scenario.record is not None:
                occurred_at = received_at - timedelta(hours=rng.uniform(2, 72))
                plan.records = _scenario_rows(rng, person, scenario.record, occurred_at)
                own_rows += plan.records
            person_plans.append(plan)
        size = LEDGER_SIZE.get(person.username, LEDGER_SIZE_DEFAULT)
        fillers += _filler_rows(rng, person, max(size - len(own_rows), 0), now)
        plans += person_plans
    return plans, fillers


def _people_ensure() -> tuple[dict[str, User], int]:
    existing = {
        user.username: user
        for user in User.objects.filter(
            username__in=[person.username for person in PEOPLE]
        )
    }
    created = 0
    for person in PEOPLE:
        if person.username in existing:
            _wallet_identity_ensure(existing[person.username], person)
            continue
        existing[person.username] = user_create(
            username=person.username,
            email=person.email,
            password=DEMO_PASSWORD if person.has_password else None,
            role=person.role,
            first_name=person.first_name,
            last_name=person.last_name,
            preferred_language=person.language,
            is_superuser=person.is_superuser,
            wallet_account_id=person.account_id,
            phone=person.phone,
        )
        created += 1
    return existing, created


def _wallet_identity_ensure(user: User, person: Person) -> None:
    """Give a customer from an older demo database its wallet account id and phone."""
    if person.account_id is None:
        return
    wanted = {"wallet_account_id": person.account_id, "phone": person.phone}
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    if changed:
        user.save(update_fields=changed)


def _queues_ensure(people: dict[str, User]) -> None:
    members = [people[username] for username in QUEUE_MEMBERS]
    for spec in QUEUES:
        queue, _created = Queue.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "name_zh_hans": spec.name_zh_hans,
                "description": spec.description,
            },
        )
        queue.agents.add(*members)
        QueueRoute.objects.get_or_create(
            kind=spec.kind, category="", defaults={"queue": queue}
        )


def _templates_ensure() -> dict[str, CannedReply]:
    templates = {}
    for language, title, body in APPROVED_TEMPLATES:
        templates[language], _created = CannedReply.objects.get_or_create(
            title=title,
            language=language,
            defaults={
                "kind": Ticket.Kind.CANCELLED_TX_INQUIRY,
                "body": body,
                "is_approved_template": True,
            },
        )
    return templates


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
    "请上传这笔交易的付款凭证或截图，以便我们继续处理。",  # noqa: RUF001
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


@contextmanager
def _deliveries_left_to_worker() -> Iterator[None]:
    """Leave delivery of notices queued inside to a Celery worker, none in-process.

    Receipt's acknowledgement acknowledges a ticket when it is delivered, so with
    eager tasks no ticket would stay "received". With the in-memory broker of
    `make run` nobody consumes these tasks and the tickets wait for an agent to
    acknowledge them by hand; with a real broker a worker delivers them as usual.
    """
    parked = celery_app.conf.task_always_eager and str(
        celery_app.conf.broker_url
    ).startswith("memory://")
    if parked:
        celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        if parked:
            celery_app.conf.task_always_eager = True


def demo_accounts() -> list[User]:
    """The demo's accounts as they are in the database, in the demo's order."""
    order = [person.username for person in PEOPLE]
    users = User.objects.filter(username__in=order)
    return sorted(users, key=lambda user: order.index(user.username))


def demo_seed(*, now: datetime | None = None) -> DemoSeedResult:
    """Create the demo accounts, queues, ledgers and tickets, once.

    Idempotent: people, queues and templates are matched by natural keys, ledger
    records by reference (through the ledger import) and tickets by their
    submission key, so a second run adds nothing. Random choices come from a fixed
    seed; moments are relative to now. Tickets go through ticket_create and the
    workflow, whose notices are delivered after commit; tickets meant to stay
    "received" are filed last, with delivery left to a worker.
    Raises RuntimeError if the demo ledger fails its own import checks.
    """
    now = now or timezone.now()
    plans, fillers = _plans(now)
    rows = [row for plan in plans for row in plan.records] + fillers
    result = DemoSeedResult()
    with transaction.atomic():
        people, result.users_created = _people_ensure()
        _queues_ensure(people)
        templates = _templates_ensure()
        imported = ledger_import(rows=rows)
        if not imported.is_ok:
            raise RuntimeError("; ".join(str(error) for error in imported.errors))
        result.transactions_imported = imported.imported
        records = {
            record.reference: record
            for record in Transaction.objects.filter(
                reference__in=[row["reference"] for row in rows]
            )
        }
        demo_tickets = Ticket.objects.filter(
            client_token__startswith="demo:"  # noqa: S106 - a prefix, not a secret
        )
        done = set(demo_tickets.values_list("customer__username", "client_token"))
        todo = [
            plan for plan in plans if (plan.person.username, plan.token) not in done
        ]
        seeded = _tickets_play(
            [plan for plan in todo if plan.end != "received"],
            people=people,
            records=records,
            templates=templates,
            now=now,
        )
    with _deliveries_left_to_worker(), transaction.atomic():
        seeded += _tickets_play(
            [plan for plan in todo if plan.end == "received"],
            people=people,
            records=records,
            templates=templates,
            now=now,
        )
    # Eager deliveries ran at commit; date them just after the notice was written.
    Notice.objects.filter(ticket__in=seeded, sent_at__isnull=False).update(
        sent_at=F("created_at") + timedelta(minutes=1)
    )
    result.tickets_created = len(seeded)
    return result
