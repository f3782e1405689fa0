"""Rollup figures equal the figures computed from the tickets, on random workloads.

Each example files tickets at random past instants (the clock is set back, so
every row is back-dated through the real services; some filed late, with
received_at days before the filing), moves, holds, reopens, rates and assigns
them, records SLA breaches, then compares every figure of the report and the
spike rule's hourly receipts (rch), read from the rollups with the changes
still pending, after the fold, and after a rebuild (which must find nothing to
correct, in DailyFigure or in the summary grain's day and month rows), with the reference queries over the tickets
(tests/reports/reference.py): counts and sums exactly, percentiles within one
histogram bucket. Both in Asia/Shanghai and in a UTC deployment, with periods
cut at random local midnights.
"""

import threading
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import import_module
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints.clocks import clocks_check
from complaints.models import Queue, QueueRoute, Ticket
from complaints.services import ticket_assign, ticket_rate
from complaints.workflow import (
    Resolution,
    ticket_hold,
    ticket_release,
    ticket_transition,
)
from config.errors import WorkflowError
from reports.models import (
    AgentDetailFigure,
    AgentDimensionFigure,
    AgentFigure,
    OpenSnapshotWeek,
    SummaryFigure,
)
from reports.rollups.fold import (
    fold_lock,
    reconcile_window,
    rollups_fold_all,
    rollups_rebuild,
    span_rows_rebuild_all,
)
from reports.rollups.grains import AGENT_BY, GRAINS
from reports.selectors import ReportFilter, report_build
from reports.selectors.spikes import hourly_receipts
from reports.selectors.sums import RollupSums
from sla.models import RegimeProfile
from tests.factories import AgentFactory, SupervisorFactory, TicketFactory
from tests.reports import reference

pytestmark = pytest.mark.django_db

# The moves each status offers; a step picks one (some are refused, as in the
# product: a rating given twice, a release without a hold).
ACTIONS = {
    "received": ("ack", "ack", "assign", "check"),
    "acknowledged": ("investigate", "investigate", "assign", "check"),
    "investigating": ("resolve", "resolve", "hold", "release", "assign", "check"),
    "resolved": ("reopen", "rate", "rate", "check", "assign"),
}
OUTCOMES = Ticket.Outcome.values
CAUSES = ["", *Ticket.RootCause.values]

step = st.tuples(
    st.integers(min_value=1, max_value=4 * 24 * 60),  # minutes after the last step
    st.integers(min_value=0, max_value=99),  # picks among the moves open now
    st.integers(min_value=0, max_value=1000),  # drives the action's choices
)
ticket_script = st.tuples(
    st.integers(min_value=0, max_value=20 * 24 * 60),  # minutes after the base
    st.sampled_from(Ticket.Kind.values),
    st.sampled_from(["en", "zh-hans"]),
    st.lists(step, max_size=8),
    # Filed late (a letter or call entered days after it arrived): received_at
    # is back-dated behind the filing instant.
    st.one_of(st.just(0), st.integers(min_value=1, max_value=3 * 24 * 60)),
)
workload = st.lists(ticket_script, min_size=1, max_size=6)


@contextmanager
def clock_at(moment: datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _run(script, base: datetime, staff, agents) -> None:
    received, kind, language, steps, late = script
    moment = base + timedelta(minutes=received)
    with clock_at(moment):
        ticket = TicketFactory(
            kind=kind, language=language, received_at=moment - timedelta(minutes=late)
        )
    for gap, pick, choice in steps:
        moment += timedelta(minutes=gap)
        ticket.refresh_from_db()
        moves = ACTIONS[ticket.status]
        action = moves[pick % len(moves)]
        try:
            with clock_at(moment), transaction.atomic():
                _act(ticket, action, choice, moment, staff, agents)
        except WorkflowError:
            pass  # a refused step changes nothing, as in the product


def _act(ticket: Ticket, action: str, choice: int, moment, staff, agents) -> None:
    status = Ticket.Status
    if action == "ack":
        ticket_transition(ticket=ticket, to_status=status.ACKNOWLEDGED, actor=staff)
    elif action == "investigate":
        ticket_transition(ticket=ticket, to_status=status.INVESTIGATING, actor=staff)
    elif action == "hold":
        ticket_hold(ticket=ticket, waiting_on="customer", actor=staff)
    elif action == "release":
        ticket_release(ticket=ticket, actor=staff)
    elif action == "resolve":
        amount = [None, Decimal("12.50"), Decimal("100.00000001")][choice % 3]
        ticket_transition(
            ticket=ticket,
            to_status=status.RESOLVED,
            actor=staff,
            resolution=Resolution(
                outcome=OUTCOMES[choice % len(OUTCOMES)],
                amount=amount,
                currency="" if amount is None else ["CNY", "USDT"][choice % 2],
                root_cause=CAUSES[choice % len(CAUSES)],
            ),
        )
    elif action == "reopen":
        ticket_transition(
            ticket=ticket, to_status=status.INVESTIGATING, actor=ticket.customer
        )
    elif action == "rate":
        ticket_rate(ticket=ticket, customer=ticket.customer, rating=1 + choice % 5)
    elif action == "assign":
        ticket_assign(ticket=ticket, assignee=agents[choice % len(agents)], actor=staff)
    else:
        clocks_check(now=moment)


def _midnight(day, zone) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _compare_hourly_receipts(start: datetime, now: datetime) -> None:
    """The spike rule's tickets per category and local hour (rch rollups with
    the pending marks) equal the tickets counted by their received_at. The rule
    is not narrowed by kind or language, so neither is the count."""
    first = start.replace(minute=0, second=0, microsecond=0)
    windows = []
    while first < now:
        windows.append((first, first + timedelta(hours=1)))
        first += timedelta(hours=1)
    expected: dict[str, list[int]] = {}
    for received_at, category in Ticket.objects.values_list("received_at", "category"):
        for index, (begin, end) in enumerate(windows):
            if begin <= received_at < end:
                counts = expected.setdefault(category, [0] * len(windows))
                counts[index] += 1
    assert hourly_receipts(windows, now) == expected


def _compare(filters: ReportFilter, now: datetime, profiles) -> None:
    report = report_build(filters=filters, profiles=profiles, now=now)
    counts = reference.report_counts(filters=filters, now=now)
    assert report.received == counts["received"]
    assert report.resolved == counts["resolved"]
    assert report.open_start == counts["open_start"]
    assert report.open_end == counts["open_end"]
    assert report.rated == counts["rated"]
    assert report.rating_avg == pytest.approx(counts["rating_avg"])
    assert report.ratings == [(r, counts[f"rating_{r}"]) for r in (1, 2, 3, 4, 5)]
    assert report.outcomes == [(o, counts[f"outcome_{o}"]) for o in OUTCOMES]
    ack, resolve = reference.report_durations(filters=filters)
    for fraction in (0.5, 0.9):
        assert reference.within_one_bucket(report.ack_seconds[fraction], ack[fraction])
        assert reference.within_one_bucket(
            report.resolve_seconds[fraction], resolve[fraction]
        )
    assert [(c, Decimal(t), n) for c, t, n in report.refunds] == [
        (c, Decimal(t), n) for c, t, n in reference.report_refunds(filters=filters)
    ]
    assert (report.resolutions, report.reopened) == reference.report_resolution_moves(
        filters=filters
    )
    assert report.breaches == reference.report_breaches(filters=filters, now=now)
    assert report.bands == reference.report_bands(filters=filters, profiles=profiles)
    assert report.root_causes == reference.report_root_causes(filters=filters)
    expected_agents = reference.report_agents(filters=filters, now=now)
    assert [
        (a.agent_id, a.open_end, a.resolved, a.upheld_share) for a in report.agents
    ] == [(a.agent_id, a.open_end, a.resolved, a.upheld_share) for a in expected_agents]
    for mine, theirs in zip(report.agents, expected_agents, strict=True):
        assert mine.rating_avg == pytest.approx(theirs.rating_avg)
        assert reference.within_one_bucket(
            mine.median_resolve_seconds, theirs.median_resolve_seconds
        )
    assert (report.trend_granularity, report.trend) == reference.report_trend(
        filters=filters
    )


@pytest.mark.parametrize("zone_name", ["Asia/Shanghai", "UTC"])
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    scripts=workload,
    cut=st.tuples(st.integers(0, 30), st.integers(1, 40)),
    narrow=st.sampled_from(
        [
            "",
            "kind",
            "category",
            "queue",
            "language",
            "agent",
            "profile",
            "channel",
            "agent+kind",
            "kind+language",
            "kind+language+channel",
        ]
    ),
)
def test_rollup_figures_equal_the_ticket_figures(
    zone_name, scripts, cut, narrow, settings_fixture
):
    settings_fixture.TIME_ZONE = zone_name
    zone = ZoneInfo(zone_name)
    base = datetime(2026, 9, 28, 21, 30, tzinfo=zone)
    now = base + timedelta(days=45)
    with transaction.atomic():
        staff = SupervisorFactory()
        agents = AgentFactory.create_batch(2)
        # Half the tickets are filed and folded, the week snapshots of the open
        # flows are taken as of now (the hourly reconciliation), then the other
        # half is filed and worked in the past: changes before a snapshot's week.
        half = len(scripts) // 2
        for script in scripts[:half]:
            _run(script, base, staff, agents)
        with timezone.override(zone), clock_at(now):
            rollups_fold_all()
            reconcile_window(now=now)
        for script in scripts[half:]:
            _run(script, base, staff, agents)
        profiles = list(RegimeProfile.objects.order_by("name"))
        first = base.date() + timedelta(days=cut[0])
        last = first + timedelta(days=cut[1])
        # The per-agent table: each filter alone reads the agent grain by that
        # dimension, two or more the agent grain by every dimension.
        first_ticket = Ticket.objects.order_by("pk").first()
        wide = {
            "": {},
            "kind": {"kind": scripts[0][1]},
            "category": {"category": first_ticket.category},
            "queue": {"queue_id": first_ticket.queue_id},
            "kind+language": {"kind": scripts[0][1], "language": scripts[0][2]},
            "kind+language+channel": {
                "kind": scripts[0][1],
                "language": scripts[0][2],
                "channel": Ticket.Channel.WEB,
            },
            "language": {"language": scripts[0][2]},
            "agent": {"agent_id": agents[0].pk},
            "profile": {"profile_id": profiles[0].pk},
            "channel": {"channel": Ticket.Channel.WEB},
            "agent+kind": {"agent_id": agents[1].pk, "kind": scripts[0][1]},
        }[narrow]
        periods = [
            ReportFilter(
                start=_midnight(first, zone), end=_midnight(last, zone), **wide
            ),
            ReportFilter(
                start=_midnight(base.date(), zone),
                end=_midnight(now.date() + timedelta(days=1), zone),
                **wide,
            ),
            # Over 62 days: a weekly trend, read from the week rows.
            ReportFilter(
                start=_midnight(base.date() - timedelta(days=cut[1]), zone),
                end=_midnight(now.date() + timedelta(days=30), zone),
                **wide,
            ),
            # The fourth quarter of 2026 whole, read from its quarter rows.
            ReportFilter(
                start=_midnight(base.date() - timedelta(days=60 + cut[0]), zone),
                end=_midnight(now.date() + timedelta(days=60 + cut[1]), zone),
                **wide,
            ),
            # Over 370 days with 2026 whole, read from its year rows.
            ReportFilter(
                start=_midnight(base.date() - timedelta(days=300 + cut[0]), zone),
                end=_midnight(now.date() + timedelta(days=60 + cut[1]), zone),
                **wide,
            ),
        ]
        with timezone.override(zone), clock_at(now):
            for filters in periods:
                _compare(filters, now, profiles)  # changes still pending
            _compare_hourly_receipts(base - timedelta(days=4), now)
            rollups_fold_all()
            for filters in periods:
                _compare(filters, now, profiles)  # folded
            _compare_hourly_receipts(base - timedelta(days=4), now)
            rebuilt = rollups_rebuild()
            # The fold kept the summary grain's day and month rows exact too.
            assert (rebuilt.rows_corrected, rebuilt.summary_corrected) == (0, 0)
            assert SummaryFigure.objects.filter(span=SummaryFigure.Span.MONTH).exists()
            if half:  # the first half's flows reach past a week's start
                assert OpenSnapshotWeek.objects.exists()
            for filters in periods:
                _compare(filters, now, profiles)  # snapshots taken again
        transaction.set_rollback(True)


@pytest.fixture
def settings_fixture(settings):
    return settings


def test_rebuild_corrects_the_summary_rows_and_says_how_many():
    TicketFactory()
    rollups_fold_all()
    day = SummaryFigure.objects.get(span=SummaryFigure.Span.DAY, figure="rcn")
    month = SummaryFigure.objects.get(span=SummaryFigure.Span.MONTH, figure="rcn")
    assert (day.count, month.count, month.day) == (1, 1, day.day.replace(day=1))
    SummaryFigure.objects.filter(pk=day.pk).update(count=5)
    month.delete()
    out = StringIO()
    # A one-day range still puts the whole month's month rows right.
    call_command(
        "rollups_rebuild",
        f"--start={day.day}",
        f"--end={day.day + timedelta(days=1)}",
        stdout=out,
    )
    assert "0 corrected; 2 summary rows corrected." in out.getvalue()
    assert f"d {day.day} rcn" in out.getvalue()
    assert sorted(
        SummaryFigure.objects.filter(figure="rcn").values_list("span", "count")
    ) == [("d", 1), ("m", 1), ("q", 1), ("w", 1), ("y", 1)]
    assert rollups_rebuild().summary_corrected == 0


def test_rebuild_counts_every_correction_and_keeps_the_first_few():
    TicketFactory()
    rollups_fold_all()
    wiped = SummaryFigure.objects.all().delete()[0]
    result = rollups_rebuild(shown=3)
    assert result.summary_corrected == wiped > 3
    assert len(result.summary_corrections) == 3
    assert all(was == 0 < now for _row, was, now in result.summary_corrections)


def test_figures_summed_over_days_have_week_quarter_and_year_rows_rebuilt():
    # A deploy that adds spans builds their rows from the day and month rows
    # (migration 0018).
    TicketFactory()
    rollups_fold_all()
    longer = ("w", "q", "y")
    summary = SummaryFigure.objects.filter(span__in=longer, kind="complaint")
    kept = sorted(summary.values_list("span", "figure", "count"))
    # Received with its acknowledgement key in every span; the open flow in
    # week rows only; never the hourly receipts or the snapshots.
    assert {("w", "rcv", 1), ("q", "rcv", 1), ("y", "rcv", 1)} <= set(kept)
    assert {(span, figure) for span, figure, _n in kept if figure == "opn"} == {
        ("w", "opn")
    }
    assert not {"rch", "ops"} & {figure for _span, figure, _n in kept}
    removed = sum(
        model.objects.filter(span__in=longer).delete()[0]
        for model in {grain.model for grain in GRAINS}
    )
    assert removed > len(kept)
    assert span_rows_rebuild_all() == removed
    assert sorted(summary.values_list("span", "figure", "count")) == kept
    assert rollups_rebuild().summary_corrected == 0


def test_the_agent_grains_keep_one_row_of_upheld_resolutions():
    # Migration 0024: an agent's resolutions kept a row per outcome ("aro");
    # the per-agent table needs only the upheld ones, summed in one row ("aru").
    step = import_module("reports.migrations.0024_agent_grains_upheld_only")
    day = date(2026, 10, 5)
    dims = {
        "kind": "complaint",
        "category": "transfer_failed",
        "queue_id": 1,
        "channel": "web",
        "language": "en",
        "profile_id": 1,
    }
    for key, count in (("upheld", 2), ("partially_upheld", 3), ("rejected", 4)):
        common = {
            "day": day,
            "agent_id": 7,
            "figure": "aro",
            "key": key,
            "count": count,
        }
        AgentFigure.objects.create(span="m", **common)
        AgentDimensionFigure.objects.create(
            span="d", dimension="kind", value="complaint", **common
        )
        AgentDetailFigure.objects.create(span="w", **dims, **common)
    AgentFigure.objects.create(
        span="m", day=day, agent_id=8, figure="aro", key="withdrawn", count=1
    )
    step.upheld_rows(django_apps, None)
    for model in (AgentFigure, AgentDimensionFigure, AgentDetailFigure):
        assert list(
            model.objects.values_list("agent_id", "figure", "key", "count")
        ) == [(7, "aru", "", 5)]
    assert AgentDetailFigure.objects.filter(span="w", day=day, **dims).exists()


def test_existing_rollups_get_the_open_tickets_per_agent_by_one_dimension():
    # Migration 0028: AgentDimensionFigure keeps the agent grain's open flows
    # and snapshots as well; a database with rollups gets them summed from
    # AgentDetailFigure, row for row as the fold writes them, and migrating back
    # drops only them.
    step = import_module("reports.migrations.0028_agent_dimension_open_flows")
    TicketFactory.create_batch(2)
    rollups_fold_all()
    open_rows = AgentDimensionFigure.objects.filter(figure__in=("opn", "ops"))
    fields = ("span", "day", "dimension", "value", "agent_id", "figure", "key", "count")
    folded = sorted(open_rows.values_list(*fields))
    # A day row and a week row of each dimension's value (no month rows).
    assert {(row[0], row[2]) for row in folded} == {
        (span, name) for span in ("d", "w") for name in AGENT_BY
    }
    others = AgentDimensionFigure.objects.exclude(figure__in=("opn", "ops")).count()
    step.open_flows_drop(django_apps, None)
    assert not open_rows.exists()
    assert AgentDimensionFigure.objects.count() == others
    step.open_flows_build(django_apps, None)
    assert sorted(open_rows.values_list(*fields)) == folded


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_upheld_migration_waits_for_a_running_fold():
    # Migration 0024 rewrites the agent grains: under the fold lock, so a fold
    # running beside it (a worker during the deploy) is not interleaved.
    step = import_module("reports.migrations.0024_agent_grains_upheld_only")
    held, done = threading.Event(), threading.Event()

    def fold_running() -> None:
        try:
            with transaction.atomic():
                fold_lock()
                held.set()
                done.wait(10)
        finally:
            connections.close_all()

    def migrate_waiting_at_most_300_ms() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '300ms'")
            step.upheld_rows(django_apps, None)

    fold = threading.Thread(target=fold_running)
    fold.start()
    try:
        assert held.wait(10)
        with pytest.raises(OperationalError, match="lock timeout"):
            migrate_waiting_at_most_300_ms()
    finally:
        done.set()
        fold.join()


def test_receipts_grouped_by_a_numeric_dimension_come_back_as_its_numbers():
    # Unfiltered and grouped by one dimension, the sums read the grain by that
    # dimension, which keeps its value as text; a queue's id comes back an id.
    queue = Queue.objects.create(name="Transfers", slug="transfers")
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, queue=queue)
    TicketFactory.create_batch(2)
    TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)  # no route: no queue
    rollups_fold_all()
    now = timezone.now()
    today = timezone.localdate(now)
    sums = RollupSums(ReportFilter(start=now - timedelta(days=1), end=now), now)
    received = sums.summary_sum(
        figures=("rcn",),
        by=("queue_id",),
        first=today - timedelta(days=1),
        before=today + timedelta(days=1),
    )
    assert received == Counter({(queue.pk,): 2, (0,): 1})
