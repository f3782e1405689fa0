"""The whole report in a fixed number of queries, and its cached copy."""

import hashlib
from dataclasses import fields
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.utils import timezone

from config.replica import replica_alias, replica_reads
from reports.selectors.figures import (
    report_agents,
    report_figures,
    report_open,
)
from reports.selectors.payouts import report_payouts
from reports.selectors.scope import report_end_instant, report_transactions
from reports.selectors.spikes import spike_alerts_recent, spike_watch
from reports.selectors.sums import RollupSums
from reports.selectors.trend import report_trend
from reports.selectors.types import (
    AgentRow,
    BandRow,
    Report,
    ReportFilter,
    SpikeMeasure,
)
from sla.models import RegimeProfile


def report_build(
    *,
    filters: ReportFilter,
    profiles: list[RegimeProfile],
    now: datetime | None = None,
) -> Report:
    """Compute every figure of the reports page from the daily rollups.

    A fixed number of queries whatever the period and the number of tickets,
    on the replica when DATABASE_REPLICA_URL is set; profiles is the list the
    filter form already loaded (for band order).
    """
    now = now or timezone.now()
    # Every figure from the replica, when there is one (config.replica).
    alias = replica_alias()
    connection = connections[alias]
    fresh = not connection.in_atomic_block
    with replica_reads(), transaction.atomic(using=alias):
        if fresh and connection.vendor == "postgresql":
            # One snapshot for the rollup rows and the pending changes, so a fold
            # committing between the two reads is counted exactly once.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        sums = RollupSums(filters, now)
        figures = report_figures(sums=sums, profiles=profiles)
        opened = report_open(sums=sums)
        agents = report_agents(sums=sums, open_per_agent=opened["open_per_agent"])
        granularity, trend = report_trend(filters=filters, sums=sums)
        transactions = report_transactions(filters=filters)
        payouts = report_payouts(filters=filters)
        watch = spike_watch(now=now)
        alerts = spike_alerts_recent(filters=filters)
    return Report(
        filters=filters,
        end_instant=report_end_instant(filters, now),
        computed_at=now,
        received=figures["received"],
        resolved=figures["resolved"],
        open_start=opened["open_start"],
        open_end=opened["open_end"],
        ack_seconds=figures["ack_seconds"],
        resolve_seconds=figures["resolve_seconds"],
        bands=figures["bands"],
        breaches=figures["breaches"],
        outcomes=figures["outcomes"],
        refunds=figures["refunds"],
        payouts=payouts,
        resolutions=figures["resolutions"],
        reopened=figures["reopened"],
        rated=figures["rated"],
        rating_avg=figures["rating_avg"],
        ratings=figures["ratings"],
        backlog=opened["backlog"],
        root_causes=figures["root_causes"],
        agents=agents,
        transactions=transactions,
        trend_granularity=granularity,
        trend=trend,
        alerts=alerts,
        watch=watch,
    )


# The copy's shape is part of its key: after a deploy that adds a figure, a copy
# kept by the previous code is never read back (it would lack the new field).
_SHAPE = hashlib.sha256(
    repr(
        [
            (kind.__name__, [field.name for field in fields(kind)])
            for kind in (Report, AgentRow, BandRow, SpikeMeasure)
        ]
    ).encode()
).hexdigest()[:12]


def _cache_key(filters: ReportFilter) -> str:
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()
    return f"report:{_SHAPE}:{digest}"


def report_get(
    *,
    filters: ReportFilter,
    profiles: list[RegimeProfile],
    now: datetime | None = None,
) -> Report:
    """The report of these filters, computed at most WALLETDESK_REPORT_CACHE_SECONDS ago.

    At a million tickets the figures take seconds of database time
    (bench/README.md); managers reading and re-filtering the page, and its CSV,
    reuse one computation per filter set for a few minutes. Report.computed_at
    says how fresh the copy is. 0 turns the cache off. The preset periods are
    kept computed ahead by reports.presets.
    """
    if settings.WALLETDESK_REPORT_CACHE_SECONDS <= 0:
        return report_build(filters=filters, profiles=profiles, now=now)
    report = cache.get(_cache_key(filters))
    if report is None:
        report = report_refresh(filters=filters, profiles=profiles, now=now)
    return report


def report_refresh(
    *,
    filters: ReportFilter,
    profiles: list[RegimeProfile],
    now: datetime | None = None,
) -> Report:
    """Compute the report of these filters and keep it as the cached copy."""
    report = report_build(filters=filters, profiles=profiles, now=now)
    seconds = settings.WALLETDESK_REPORT_CACHE_SECONDS
    if seconds > 0:
        cache.set(_cache_key(filters), report, timeout=seconds)
    return report
