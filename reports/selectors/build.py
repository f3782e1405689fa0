"""The whole report in a fixed number of queries, and its cached copy."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from complaints.models import Ticket
from config.replica import replica_reads
from reports.selectors.figures import (
    report_agents,
    report_bands,
    report_breaches,
    report_counts,
    report_durations,
    report_refunds,
    report_reopens,
    report_root_causes,
    report_transactions,
)
from reports.selectors.scope import report_end_instant
from reports.selectors.spikes import spike_alerts_recent, spike_watch
from reports.selectors.trend import report_trend
from reports.selectors.types import AGE_BUCKETS, RATINGS, Report, ReportFilter
from sla.models import RegimeProfile


def report_build(
    *,
    filters: ReportFilter,
    profiles: list[RegimeProfile],
    now: datetime | None = None,
) -> Report:
    """Compute every figure of the reports page: a fixed number of queries.

    profiles is the list the filter form already loaded (for band order). The
    queries run one after another on the caller's connection, on the replica
    when DATABASE_REPLICA_URL is set.
    """
    now = now or timezone.now()
    # Every figure from the replica, when there is one (config.replica).
    with replica_reads():
        parts = {
            "agents": report_agents(filters=filters, now=now),
            "counts": report_counts(filters=filters, now=now),
            "durations": report_durations(filters=filters),
            "trend": report_trend(filters=filters),
            "root_causes": report_root_causes(filters=filters),
            "breaches": report_breaches(filters=filters, now=now),
            "reopens": report_reopens(filters=filters),
            "transactions": report_transactions(filters=filters),
            "bands": report_bands(filters=filters, profiles=profiles),
            "refunds": report_refunds(filters=filters),
            "watch": spike_watch(now=now),
            "alerts": spike_alerts_recent(filters=filters),
        }
    counts = parts["counts"]
    ack, resolve = parts["durations"]
    resolutions, reopened = parts["reopens"]
    granularity, trend = parts["trend"]
    return Report(
        filters=filters,
        end_instant=report_end_instant(filters, now),
        computed_at=now,
        received=counts["received"],
        resolved=counts["resolved"],
        open_start=counts["open_start"],
        open_end=counts["open_end"],
        ack_seconds=ack,
        resolve_seconds=resolve,
        bands=parts["bands"],
        breaches=parts["breaches"],
        outcomes=[
            (outcome, counts[f"outcome_{outcome}"]) for outcome in Ticket.Outcome.values
        ],
        refunds=parts["refunds"],
        resolutions=resolutions,
        reopened=reopened,
        rated=counts["rated"],
        rating_avg=counts["rating_avg"],
        ratings=[(rating, counts[f"rating_{rating}"]) for rating in RATINGS],
        backlog=[
            (bucket, counts[f"age_{index}"]) for index, bucket in enumerate(AGE_BUCKETS)
        ],
        root_causes=parts["root_causes"],
        agents=parts["agents"],
        transactions=parts["transactions"],
        trend_granularity=granularity,
        trend=trend,
        alerts=parts["alerts"],
        watch=parts["watch"],
    )


def _cache_key(filters: ReportFilter) -> str:
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()
    return f"report:{digest}"


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
