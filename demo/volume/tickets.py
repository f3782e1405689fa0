"""Seeding one ticket: its row, transactions, details, history and acknowledgement."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from accounts.models import Language
from complaints.models import Notice
from demo.volume.batches import _Batch, _TicketState
from demo.volume.mix import (
    CATEGORIES,
    CHANNELS,
    COMPLAINT_RECORD,
    COUNTERPARTIES,
    DESCRIPTIONS,
    FILLER_TYPES,
    FUNDS,
    KINDS,
    OUTCOMES,
    PAYEE_VIA,
    PRIORITIES,
    RATINGS,
    REMEDIES,
    ROOT_CAUSES,
    SUBJECTS,
    SUMMARIES,
)
from demo.volume.sizes import Category, Kind, Status
from sla.models import TicketClock
from transactions.models import Transaction


class TicketSeeding:
    """One ticket and everything filed and done on it."""

    def ticket(
        self, index: int, received: datetime, state: "_TicketState", batch: "_Batch"
    ) -> None:
        rng = self.rng
        now = self.now
        people = state.people
        ids = state.ids
        pk = ids["ticket"] + index
        customer_index = self.customer_index(rng, people.customers)
        customer = people.first_customer + customer_index
        language = people.languages[customer_index]
        lang = 1 if language == Language.EN else 0
        kind = KINDS.pick(rng)
        category = CATEGORIES[kind].pick(rng)
        queue = self.queue_for_kind.get(kind)
        year = timezone.localtime(received).year
        reference = f"WD-{year}-{state.next_number[year]:06d}"
        state.next_number[year] += 1

        # Linked records and the kind's details.
        occurred = received - timedelta(minutes=rng.randint(10, 14 * 24 * 60))
        links: list[tuple[int, dict]] = []
        if kind == Kind.MISOPERATION_REFUND:
            tx_type = rng.choice(
                [Transaction.Type.TRANSFER_OUT, Transaction.Type.PAYMENT]
            )
            duplicate_of = None
            if category == Category.DUPLICATE_PAYMENT:
                duplicate_of, _snap, amount, currency, _s = self.record(
                    batch,
                    state,
                    owner=customer,
                    language=language,
                    tx_type=tx_type,
                    status=Transaction.Status.COMPLETED,
                    occurred=occurred - timedelta(minutes=rng.randint(1, 30)),
                )
                tx, snapshot, amount, currency, _s = self.record(
                    batch,
                    state,
                    owner=customer,
                    language=language,
                    tx_type=tx_type,
                    status=Transaction.Status.COMPLETED,
                    occurred=occurred,
                    amount=amount,
                    currency=currency,
                )
            else:
                tx, snapshot, amount, currency, _s = self.record(
                    batch,
                    state,
                    owner=customer,
                    language=language,
                    tx_type=tx_type,
                    status=Transaction.Status.COMPLETED,
                    occurred=occurred,
                )
            links.append((tx, snapshot))
            intended_amount = None
            if category == Category.WRONG_AMOUNT:
                intended_amount = (amount * Decimal("0.1")).quantize(
                    Decimal("0.00000001")
                )
            asked = amount - (intended_amount or 0)
            batch.refunds.append(
                (
                    pk,
                    tx,
                    asked,
                    currency,
                    COUNTERPARTIES[(index + 1) % len(COUNTERPARTIES)][0]
                    if category == Category.WRONG_RECIPIENT
                    else "",
                    snapshot["counterparty_name"],
                    intended_amount,
                    PAYEE_VIA[index % len(PAYEE_VIA)],
                    duplicate_of,
                )
            )
            refund = (asked, currency)
        else:
            refund = None
            if kind == Kind.CANCELLED_TX_INQUIRY:
                tx, snapshot, _amount, _currency, source = self.record(
                    batch,
                    state,
                    owner=customer,
                    language=language,
                    tx_type=FILLER_TYPES.pick(rng),
                    status=Transaction.Status.CANCELLED,
                    occurred=occurred,
                )
                links.append((tx, snapshot))
                batch.inquiries.append(
                    (
                        pk,
                        tx,
                        source,
                        FUNDS.pick(rng),
                        timezone.localdate(received) + timedelta(days=7)
                        if source == Transaction.CancelSource.RISK_CONTROL
                        else None,
                    )
                )
            else:
                shape = COMPLAINT_RECORD[category]
                if shape is None and rng.random() < 0.3:
                    shape = (Transaction.Type.PAYMENT, Transaction.Status.COMPLETED)
                if shape is not None:
                    tx, snapshot, _amount, _currency, _s = self.record(
                        batch,
                        state,
                        owner=customer,
                        language=language,
                        tx_type=shape[0],
                        status=shape[1],
                        occurred=occurred,
                    )
                    links.append((tx, snapshot))
                batch.complaints.append(
                    (pk, occurred, REMEDIES[index % len(REMEDIES)][lang])
                )
        for tx, snapshot in links:
            batch.links.append((state.next("link"), pk, tx, snapshot, received))

        # The workflow's timeline: each stage happens only if its time has come.
        acked = received + timedelta(seconds=rng.randint(5, 900))
        investigating = acked + timedelta(minutes=rng.randint(30, 4 * 24 * 60))
        # Most tickets close well within 15 days; a tail runs late.
        days = rng.expovariate(1 / 5) + 0.2
        resolved = investigating + timedelta(days=days)
        stuck = rng.random() < 0.02  # forgotten backlog: never resolved
        status = Status.RECEIVED
        if acked <= now:
            status = Status.ACKNOWLEDGED
        if status == Status.ACKNOWLEDGED and investigating <= now:
            status = Status.INVESTIGATING
        if status == Status.INVESTIGATING and resolved <= now and not stuck:
            status = Status.RESOLVED
        agents = people.agents_by_queue.get(queue) or people.agents
        assignee = None
        if status in {Status.INVESTIGATING, Status.RESOLVED} or rng.random() < 0.6:
            assignee = agents[rng.randrange(len(agents))]

        batch.changes.append(
            (state.next("change"), pk, "", Status.RECEIVED, customer, "", received)
        )
        updated = received
        acknowledged_at = None
        if status != Status.RECEIVED:
            acknowledged_at = acked
            change = state.next("change")
            batch.changes.append(
                (change, pk, Status.RECEIVED, Status.ACKNOWLEDGED, None, "", acked)
            )
            updated = acked
        notice_read = acked + timedelta(hours=rng.randint(1, 72))
        batch.notices.append(
            (
                state.next("notice"),
                pk,
                customer,
                Notice.Kind.ACKNOWLEDGEMENT,
                language,
                None,
                None,
                received,
                acked if status != Status.RECEIVED else None,
                None,
                1,
                "",
                notice_read if notice_read <= now and rng.random() < 0.8 else None,
            )
        )
        if status in {Status.INVESTIGATING, Status.RESOLVED}:
            batch.changes.append(
                (
                    state.next("change"),
                    pk,
                    Status.ACKNOWLEDGED,
                    Status.INVESTIGATING,
                    assignee,
                    "",
                    investigating,
                )
            )
            updated = investigating
            self.messages(
                batch,
                state,
                pk,
                customer,
                assignee,
                lang,
                investigating,
                resolved if status == Status.RESOLVED else now,
            )

        outcome = ""
        outcome_amount = None
        outcome_currency = ""
        summary = ""
        root_cause = ""
        rating = None
        rated_at = None
        resolved_at = None
        if status == Status.RESOLVED:
            resolved_at = resolved
            outcome = OUTCOMES.pick(rng)
            root_cause = ROOT_CAUSES.pick(rng)
            summary = SUMMARIES[0 if outcome in {"upheld", "partially_upheld"} else 1][
                lang
            ]
            if refund is not None and outcome in {"upheld", "partially_upheld"}:
                asked, outcome_currency = refund
                outcome_amount = (
                    asked
                    if outcome == "upheld"
                    else (asked / 2).quantize(Decimal("0.00000001"))
                )
                self.decision(
                    batch,
                    state,
                    pk,
                    outcome_amount,
                    outcome_currency,
                    assignee,
                    resolved,
                    category,
                )
            batch.changes.append(
                (
                    state.next("change"),
                    pk,
                    Status.INVESTIGATING,
                    Status.RESOLVED,
                    assignee,
                    summary,
                    resolved,
                )
            )
            updated = resolved
            if rng.random() < 0.4:
                rated = resolved + timedelta(hours=rng.randint(1, 96))
                if rated <= now:
                    rating = RATINGS.pick(rng)
                    rated_at = rated
                    updated = rated

        plan = state.plans.get((queue, kind, category))
        resolve_by = received + timedelta(days=settings.WALLETDESK_DEFAULT_RESOLVE_DAYS)
        if plan is not None:
            resolve_by = self.clocks(
                batch,
                state,
                plan,
                pk,
                received,
                stops={
                    TicketClock.Kind.ACKNOWLEDGE: acknowledged_at,
                    TicketClock.Kind.INTERIM: resolved_at,
                    TicketClock.Kind.RESOLVE: resolved_at,
                },
            )

        text = SUBJECTS[category][lang]
        batch.tickets.append(
            (
                pk,
                reference,
                customer,
                kind,
                category,
                text,
                DESCRIPTIONS[index % len(DESCRIPTIONS)][lang],
                CHANNELS.pick(rng),
                language,
                received,
                PRIORITIES.pick(rng),
                queue,
                assignee,
                status,
                acknowledged_at,
                resolved_at,
                resolve_by,
                outcome,
                outcome_amount,
                outcome_currency,
                summary,
                root_cause,
                rating,
                "",
                rated_at,
                "",
                received,
                updated,
            )
        )
