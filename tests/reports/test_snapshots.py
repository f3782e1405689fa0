"""The open snapshots are taken every Monday, keep one key for tickets received
long before their week, go into every grain as they are taken, and the backlog
by age read through them stays exact at the bucket edge."""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from unittest import mock

import pytest
from django.utils import timezone

from reports.models import DailyFigure, OpenSnapshotWeek
from reports.rollups.fold import fold_lock, reconcile_window, rollups_fold_all
from reports.rollups.grains import GRAINS
from reports.rollups.snapshots import SNAPSHOT, open_snapshots_retake
from reports.rollups.spans import DAY
from reports.rollups.summary import summary_rebuild
from reports.selectors import ReportFilter, report_build
from sla.models import RegimeProfile
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

WEEK = date(2026, 11, 2)  # a Monday
# Open on 2 November: 40, 31 and 30 days after their day received.
RECEIVED = (date(2026, 9, 23), date(2026, 10, 2), date(2026, 10, 3))
TAKEN_ON = date(2026, 11, 10)


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
    """Three open tickets and the week snapshots taken on 10 November."""
    for day in RECEIVED:
        with clock_at(_noon(day)):
            TicketFactory(received_at=_noon(day))
    now = _noon(TAKEN_ON)
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


def _snapshot_rows() -> list[list[tuple]]:
    """Every snapshot row of DailyFigure and of each grain."""
    tables = [DailyFigure.objects.all()] + [grain.rows() for grain in GRAINS]
    return [
        sorted(
            rows.filter(figure=SNAPSHOT).values_list("day", "key", "count").order_by()
        )
        for rows in tables
    ]


def test_a_snapshot_is_taken_every_monday_from_the_first_flow_s_next_week(
    open_since_autumn,
):
    weeks = list(OpenSnapshotWeek.objects.values_list("week", flat=True))
    assert weeks[0] == date(2026, 9, 28)  # the week after 23 September's
    assert weeks[-1] == date(2026, 11, 9)  # the week of 10 November
    assert [later - earlier for earlier, later in pairwise(weeks)] == [
        timedelta(days=7)
    ] * (len(weeks) - 1)
    # 28 September's snapshot holds the one ticket received before it.
    assert sorted(
        DailyFigure.objects.filter(figure=SNAPSHOT, day=weeks[0]).values_list(
            "key", "count"
        )
    ) == [("2026-09-23", 1)]


def test_a_snapshot_keeps_one_key_for_the_days_over_thirty_before_its_week(
    open_since_autumn,
):
    keys = DailyFigure.objects.filter(figure=SNAPSHOT, day=WEEK)
    # 23 September and 2 October share 2 October's key: 31 days before the week.
    assert sorted(keys.values_list("key", "count")) == [
        ("2026-10-02", 2),
        ("2026-10-03", 1),
    ]


def test_the_backlog_read_through_a_snapshot_keeps_the_thirty_day_edge(
    open_since_autumn,
):
    # The period ends on 2 November: on 1 November the ticket of 3 October is
    # 29 days old, the one of 2 October 30.
    assert _backlog(open_since_autumn, WEEK) == [0, 0, 0, 0, 1, 2]
    # A day later all three are 30 days old or more.
    assert _backlog(open_since_autumn, WEEK + timedelta(days=1)) == [0, 0, 0, 0, 0, 3]
    # Through 28 September's snapshot, which keeps 23 September (10 days old
    # on 3 October) under its own day, and six days of flows after it.
    assert _backlog(open_since_autumn, date(2026, 10, 4)) == [1, 1, 0, 1, 0, 0]


def test_a_snapshot_goes_into_every_grain_as_a_rebuild_derives_it(
    open_since_autumn,
):
    taken = _snapshot_rows()
    # Every grain keeping the open tickets has rows (the agent grains by one
    # dimension keep resolutions only).
    keeping = [
        rows
        for grain, rows in zip(GRAINS, taken[1:], strict=True)
        if grain.entries(SNAPSHOT, "")
    ]
    assert len(keeping) >= 3
    assert all(keeping)
    fold_lock()
    # What the grains' rows would be recomputed from DailyFigure: no change.
    corrections = summary_rebuild(start=None, end=None).first
    assert [row for row in corrections if row[0][2] == SNAPSHOT] == []
    assert _snapshot_rows() == taken


def test_retaking_the_snapshots_replaces_every_row_of_the_old_ones(
    open_since_autumn,
):
    """The deploy's step (migration 0023, which replaced month snapshots): the
    rows of snapshots taken otherwise, in DailyFigure and each grain, go, and
    the weeks' are taken again."""
    taken = _snapshot_rows()
    month = date(2026, 11, 1)  # a month's snapshot, as taken before
    tables = [DailyFigure.objects.all()]
    tables += [grain.rows().filter(span=DAY) for grain in GRAINS]
    for rows in tables:
        row = rows.filter(figure=SNAPSHOT).first()
        if row:
            row.pk, row.day = None, month
            row.save()
    fold_lock()
    with clock_at(open_since_autumn):
        weeks = open_snapshots_retake()
    assert len(weeks) == OpenSnapshotWeek.objects.count() == 7
    assert _snapshot_rows() == taken
    assert _backlog(open_since_autumn, WEEK) == [0, 0, 0, 0, 1, 2]
