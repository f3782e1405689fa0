"""The open snapshots keep one key for tickets received long before their month,
and the backlog by age read through them stays exact at the bucket edge."""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from reports.models import DailyFigure, SummaryFigure
from reports.rollups.fold import fold_lock, reconcile_window, rollups_fold_all
from reports.rollups.grains import GRAINS
from reports.rollups.snapshots import SNAPSHOT, snapshot_keys_collapse
from reports.selectors import ReportFilter, report_build
from sla.models import RegimeProfile
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

MONTH = date(2026, 11, 1)
# Open on 1 November: 40, 31 and 30 days after their day received.
RECEIVED = (date(2026, 9, 22), date(2026, 10, 1), date(2026, 10, 2))


@contextmanager
def clock_at(moment: datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=timezone.get_default_timezone())


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def open_since_autumn():
    """Three open tickets and the month snapshots taken on 10 November."""
    for day in RECEIVED:
        with clock_at(_noon(day)):
            TicketFactory(received_at=_noon(day))
    now = _noon(date(2026, 11, 10))
    with clock_at(now):
        rollups_fold_all()
        reconcile_window(now=now)
    return now


def _backlog(now: datetime, end: date) -> list[int]:
    filters = ReportFilter(
        start=_midnight(end - timedelta(days=10)), end=_midnight(end)
    )
    profiles = list(RegimeProfile.objects.all())
    with clock_at(now):
        report = report_build(filters=filters, profiles=profiles, now=now)
    return [count for _bucket, count in report.backlog]


def test_a_snapshot_keeps_one_key_for_the_days_over_thirty_before_its_month(
    open_since_autumn,
):
    keys = DailyFigure.objects.filter(figure=SNAPSHOT, day=MONTH)
    # 22 September and 1 October share 1 October's key: 31 days before the month.
    assert sorted(keys.values_list("key", "count")) == [
        ("2026-10-01", 2),
        ("2026-10-02", 1),
    ]


def test_the_backlog_read_through_a_snapshot_keeps_the_thirty_day_edge(
    open_since_autumn,
):
    # The period ends on 1 November: on 31 October the ticket of 2 October is
    # 29 days old, the one of 1 October 30.
    assert _backlog(open_since_autumn, MONTH) == [0, 0, 0, 0, 1, 2]
    # A day later all three are 30 days old or more.
    assert _backlog(open_since_autumn, MONTH + timedelta(days=1)) == [0, 0, 0, 0, 0, 3]
    # Through October's snapshot, which keeps 22 September (10 days old on 2
    # October) under its own day.
    assert _backlog(open_since_autumn, date(2026, 10, 3)) == [1, 1, 0, 1, 0, 0]


def test_collapsing_a_snapshot_taken_day_by_day_gives_the_rows_taken_now(
    open_since_autumn,
):
    """The migration's step: rows keyed by every day received (as snapshots
    were taken before) become the rows a snapshot takes now, in DailyFigure and
    in every grain."""
    tables = [DailyFigure.objects.all()] + [grain.rows() for grain in GRAINS]
    before = [
        sorted(rows.filter(figure=SNAPSHOT).values_list("key", "count"))
        for rows in tables
    ]
    split = 0
    for rows in tables:
        # As a snapshot was taken before: 22 September's ticket under its own day.
        for row in rows.filter(figure=SNAPSHOT, day=MONTH, key="2026-10-01"):
            row.count -= 1
            row.save()
            row.pk, row.key, row.count = None, "2026-09-22", 1
            row.save()
            split += 1
    assert split >= 2  # DailyFigure and the grains keyed by day received
    assert SummaryFigure.objects.filter(figure=SNAPSHOT, key="2026-09-22").exists()
    fold_lock()
    assert snapshot_keys_collapse() == split
    after = [
        sorted(rows.filter(figure=SNAPSHOT).values_list("key", "count"))
        for rows in tables
    ]
    assert after == before
    assert _backlog(open_since_autumn, MONTH) == [0, 0, 0, 0, 1, 2]
