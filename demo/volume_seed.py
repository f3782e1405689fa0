"""Bulk synthetic data for benchmarks: a million tickets with everything pages read.

volume_seed writes customers, staff, queues, a wallet ledger and tickets with their
details, transaction snapshots, status history, messages, SLA clocks and sent
acknowledgements, spread over the two years before now. It bypasses the services
on purpose (they would take days at this size) and writes rows that match what the
services would have written: the invariants are checked by tests/test_seed_volume.py.

PostgreSQL gets COPY (psycopg 3), other databases batched INSERTs (tests, small N).
One transaction: an interrupted run leaves nothing behind. A seed is identified by
its usernames (vol<seed>-c<n>, -a<n>, -s<n>, -m0) and transaction references
(VOL<seed>-T<n>); ticket references come from TicketSequence, which ends up ahead of
every generated number so that real filings never collide.
"""

import time
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from complaints.models import (
    CancellationInquiry,
    ComplaintDetail,
    Message,
    Notice,
    RecoveryAttempt,
    RefundDecision,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketTransaction,
)
from complaints.services.loads import agent_loads_recount
from demo.volume.generator import VolumeSeedResult, _Generator
from demo.volume.sizes import JOINED_BEFORE, VOLUME_PASSWORD, ProgressFn, _prefix
from demo.volume.writing import _CopyWriter, _InsertWriter, _Writer
from reports.models import (
    AgentDetailFigure,
    AgentFigure,
    DailyFigure,
    SummaryFigure,
    TicketRollup,
    TransactionDay,
)
from reports.rollups.fold import rollups_rebuild
from sla.models import TicketClock
from transactions.models import Transaction

__all__ = [
    "VOLUME_PASSWORD",
    "VolumeSeedError",
    "VolumeSeedResult",
    "volume_seed",
    "volume_seed_size",
]


class VolumeSeedError(Exception):
    """The seed is already loaded with another size."""


def volume_seed_size(*, seed: int) -> int:
    """How many tickets seed already holds (0 when it was never loaded)."""
    prefix = _prefix(seed)
    marker = User.objects.filter(username=f"{prefix}c0").first()
    if marker is None:
        return 0
    # Tickets the seed's customers file later (benchmarks, load tests) are not
    # the seed's: they were received after the moment the seed was generated.
    generated_at = marker.date_joined + JOINED_BEFORE
    customers = User.objects.filter(
        username__startswith=f"{prefix}c", role=User.Role.CUSTOMER
    ).values("pk")
    return Ticket.objects.filter(
        customer__in=customers, received_at__lte=generated_at
    ).count()


# Written by the rollups rebuild at the end of the seed; reports read them
# index-only, which needs the visibility map VACUUM sets.
ROLLUP_MODELS = (
    DailyFigure,
    SummaryFigure,
    AgentFigure,
    AgentDetailFigure,
    TransactionDay,
    TicketRollup,
)

SEEDED_MODELS = (
    User,
    Transaction,
    Ticket,
    TicketTransaction,
    ComplaintDetail,
    RefundRequest,
    RefundDecision,
    RecoveryAttempt,
    CancellationInquiry,
    StatusChange,
    Message,
    Notice,
    TicketClock,
)


def volume_seed(
    *,
    tickets: int,
    transactions: int | None = None,
    seed: int = 1,
    now: datetime | None = None,
    progress: ProgressFn | None = None,
    analyze: bool = True,
) -> VolumeSeedResult:
    """Load tickets synthetic tickets (and transactions, 5x by default) for seed.

    Adds nothing when seed already holds that many tickets; raises VolumeSeedError
    when it holds another number. Locks the written tables on PostgreSQL for the
    run (one transaction). Returns what was written.
    """
    if tickets < 1:
        raise ValueError("tickets must be positive")
    if not 0 <= seed <= 9999:
        raise ValueError("seed must be between 0 and 9999")
    transactions = tickets * 5 if transactions is None else transactions
    existing = volume_seed_size(seed=seed)
    if existing:
        if existing != tickets:
            raise VolumeSeedError(
                f"Seed {seed} already holds {existing} tickets; use another --seed "
                "or a fresh database."
            )
        return VolumeSeedResult(
            seed=seed,
            tickets=existing,
            transactions=0,
            customers=0,
            skipped=True,
        )
    started = time.monotonic()
    writer: _Writer = (
        _CopyWriter() if connection.vendor == "postgresql" else _InsertWriter()
    )
    with transaction.atomic():
        writer.lock(SEEDED_MODELS)
        generator = _Generator(
            seed=seed,
            tickets=tickets,
            transactions=transactions,
            now=now or timezone.now(),
            writer=writer,
            progress=progress,
        )
        result = generator.run()
        # The rows went in by COPY, past the services that keep the counts and
        # the report rollups.
        agent_loads_recount()
        rollups_rebuild(shown=0)
    if analyze and connection.vendor == "postgresql" and connection.get_autocommit():
        # VACUUM sets the visibility map too: without it no index-only scan pays
        # off until autovacuum comes around (counts over a period read the heap).
        with connection.cursor() as cursor:
            for model in (*SEEDED_MODELS, *ROLLUP_MODELS):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    result.seconds = time.monotonic() - started
    return result
