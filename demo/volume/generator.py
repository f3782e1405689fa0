"""The volume generator: people, then tickets oldest first in chunks, then the
rest of the ledger."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from complaints.models import (
    Message,
    Notice,
    RecoveryAttempt,
    StatusChange,
    Ticket,
    TicketSequence,
    TicketTransaction,
)
from demo.volume.batches import _Batch, _TicketState
from demo.volume.deadlines import _ProfilePlan
from demo.volume.details import DetailSeeding
from demo.volume.ledger import LedgerSeeding
from demo.volume.mix import CATEGORIES
from demo.volume.people import PeopleSeeding
from demo.volume.sizes import CHUNK, SPAN, ProgressFn, _prefix
from demo.volume.tickets import TicketSeeding
from demo.volume.writing import _Writer
from sla import selectors as sla_selectors
from sla.models import TicketClock
from transactions.models import Transaction


@dataclass
class VolumeSeedResult:
    seed: int
    tickets: int
    transactions: int
    customers: int
    skipped: bool
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


class _Generator(PeopleSeeding, TicketSeeding, DetailSeeding, LedgerSeeding):
    def __init__(
        self,
        *,
        seed: int,
        tickets: int,
        transactions: int,
        now: datetime,
        writer: _Writer,
        progress: ProgressFn | None,
    ) -> None:
        self.seed = seed
        self.tickets = tickets
        self.transactions = transactions
        self.now = now
        self.writer = writer
        self.progress = progress or (lambda stage, done, total: None)
        self.rng = random.Random(seed)  # noqa: S311 - reproducible fake data
        self.prefix = _prefix(seed)

    # SLA --------------------------------------------------------------------

    def profile_plans(self) -> dict[tuple[int | None, str, str], _ProfilePlan | None]:
        plans: dict[tuple, _ProfilePlan | None] = {}
        by_profile: dict[int, _ProfilePlan] = {}
        for kind, categories in CATEGORIES.items():
            for category in categories.values:
                queue_id = self.queue_for_kind.get(kind)
                probe = Ticket(kind=kind, category=category, queue_id=queue_id)
                profile = sla_selectors.profile_for_ticket(ticket=probe)
                if profile is None:
                    plans[(queue_id, kind, category)] = None
                    continue
                if profile.pk not in by_profile:
                    by_profile[profile.pk] = _ProfilePlan(
                        profile, sla_selectors.calendar_for_profile(profile=profile)
                    )
                plans[(queue_id, kind, category)] = by_profile[profile.pk]
        return plans

    # Tickets ----------------------------------------------------------------

    def run(self) -> VolumeSeedResult:
        people = self.people()
        plans = self.profile_plans()
        rng = self.rng
        now = self.now
        span = SPAN.total_seconds()
        # Receipts, oldest first, more of them recently (a growing service).
        moments = sorted(
            now - timedelta(seconds=span * (rng.random() ** 1.25) + 60)
            for _index in range(self.tickets)
        )
        years: dict[int, int] = {}
        for moment in moments:
            year = timezone.localtime(moment).year
            years[year] = years.get(year, 0) + 1
        next_number = self.reserve_references(years)

        # Ticket rows need ids of every table they fan out to: reserve all now.
        linked_estimate = self.tickets * 2  # at most two records per ticket
        ids = {
            "ticket": self.writer.reserve_ids(Ticket, self.tickets),
            "tx": self.writer.reserve_ids(
                Transaction, max(self.transactions, linked_estimate)
            ),
            "link": self.writer.reserve_ids(TicketTransaction, linked_estimate),
            "change": self.writer.reserve_ids(StatusChange, self.tickets * 4),
            "message": self.writer.reserve_ids(Message, self.tickets * 5),
            "notice": self.writer.reserve_ids(Notice, self.tickets),
            "recovery": self.writer.reserve_ids(RecoveryAttempt, self.tickets),
            "clock": self.writer.reserve_ids(TicketClock, self.tickets * 3),
        }
        self.tx_made = 0
        state = _TicketState(
            people=people, plans=plans, next_number=next_number, ids=ids
        )
        for start in range(0, self.tickets, CHUNK):
            batch = _Batch()
            for offset, moment in enumerate(moments[start : start + CHUNK]):
                self.ticket(start + offset, moment, state, batch)
            batch.write(self.writer)
            self.progress("tickets", min(start + CHUNK, self.tickets), self.tickets)
        self.fillers(people, ids["tx"])
        return VolumeSeedResult(
            seed=self.seed,
            tickets=self.tickets,
            transactions=self.tx_made,
            customers=people.customers,
            skipped=False,
            rows=dict(self.writer.rows),
        )

    def reserve_references(self, years: dict[int, int]) -> dict[int, int]:
        """Take a block of reference numbers per year from TicketSequence."""
        first: dict[int, int] = {}
        for year, count in sorted(years.items()):
            sequence, _created = (
                TicketSequence.objects.select_for_update().get_or_create(year=year)
            )
            first[year] = sequence.last_number + 1
            sequence.last_number += count
            sequence.save(update_fields=["last_number"])
        return first

    def customer_index(self, rng: random.Random, customers: int) -> int:
        # Skewed activity: a few heavy users, a long tail filing once or twice.
        return min(int(customers * rng.random() ** 2), customers - 1)
