"""Every figure of the report on known data (see known_october), and the filters."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from complaints.models import Ticket
from reports.selectors import AgentRow, report_build
from sla.models import RegimeProfile
from tests.reports.conftest import OCTOBER, KnownSet, at
from tests.reports.reference import report_counts, within_one_bucket

pytestmark = pytest.mark.django_db


def _build(filters=OCTOBER):  # type: ignore[no-untyped-def]
    return report_build(
        filters=filters, profiles=list(RegimeProfile.objects.order_by("name"))
    )


def test_report_counts_volumes_and_open_tickets_at_both_ends(known_october: KnownSet):
    report = _build()

    assert (report.received, report.resolved) == (4, 3)
    assert (report.open_start, report.open_end) == (2, 3)
    assert report.end_instant == at(11, 1)


def test_report_gives_median_and_p90_handling_times(known_october: KnownSet):
    report = _build()

    # Acknowledge: 30 min, 1 h, 4 h. Resolve: 5 d, 5 d, 6 d (T2 from receipt to
    # its latest resolution). p90 interpolates 80 % of the way from 2nd to 3rd.
    # The rollups keep log-spaced histograms: within one bucket of the exact value.
    exact = {"ack": {0.5: 3600, 0.9: 12240}, "resolve": {0.5: 432000, 0.9: 501120}}
    for fraction in (0.5, 0.9):
        assert within_one_bucket(report.ack_seconds[fraction], exact["ack"][fraction])
        assert within_one_bucket(
            report.resolve_seconds[fraction], exact["resolve"][fraction]
        )


def test_report_gives_outcomes_refunds_and_reopens(known_october: KnownSet):
    report = _build()

    assert report.outcomes == [
        ("upheld", 2),
        ("partially_upheld", 1),
        ("rejected", 0),
        ("withdrawn", 0),
        ("duplicate", 0),
    ]
    assert report.refunds == [("CNY", Decimal(150), 2), ("USDT", Decimal(20), 1)]
    # Four moves to resolved (T2 twice), one of them reopened afterwards.
    assert (report.resolutions, report.reopened) == (4, 1)
    assert report.reopen_rate == pytest.approx(1 / 4)


def test_report_gives_satisfaction_and_backlog_age(known_october: KnownSet):
    report = _build()

    assert report.rated == 2
    assert report.rating_avg == pytest.approx(4.5)
    assert report.ratings == [(1, 0), (2, 0), (3, 0), (4, 1), (5, 1)]
    assert report.response_rate == pytest.approx(2 / 3)
    assert report.backlog == [
        ((0, 1), 0),
        ((1, 3), 1),
        ((3, 7), 0),
        ((7, 15), 1),
        ((15, 30), 0),
        ((30, None), 1),
    ]


def test_report_gives_sla_bands_and_breach_rates(known_october: KnownSet):
    report = _build()

    [band] = report.bands
    assert RegimeProfile.objects.get(pk=band.profile_id).name == "Baseline (ISO 10002)"
    assert band.total == 3
    assert [(label, count) for label, count, _share in band.counts] == [
        ("≤ 3 d", 1),
        ("≤ 15 d", 2),
        ("≤ 30 d", 0),
        ("> 30 d", 0),
    ]
    assert [share for _label, _count, share in band.counts] == pytest.approx(
        [1 / 3, 2 / 3, 0, 0]
    )
    assert report.breaches == [("acknowledge", 2, 1, 0.5), ("resolve", 4, 1, 0.25)]


def test_report_gives_root_cause_pareto(known_october: KnownSet):
    report = _build()

    assert [(cause, count) for cause, count, _c in report.root_causes] == [
        ("system_failure", 2),
        ("customer_input", 1),
    ]
    assert [cumulative for *_rest, cumulative in report.root_causes] == (
        pytest.approx([2 / 3, 1.0])
    )


def test_report_gives_per_agent_workload_and_results(known_october: KnownSet):
    report = _build()

    medians = [row.median_resolve_seconds for row in report.agents]
    assert within_one_bucket(medians[0], 475200)
    assert within_one_bucket(medians[1], 432000)
    assert [replace(row, median_resolve_seconds=None) for row in report.agents] == [
        AgentRow(
            agent_id=known_october.ann.pk,
            name="Ann",
            open_end=1,
            resolved=2,
            median_resolve_seconds=None,
            upheld_share=1.0,
            rating_avg=4.5,
        ),
        AgentRow(
            agent_id=known_october.bo.pk,
            name="Bo",
            open_end=1,
            resolved=1,
            median_resolve_seconds=None,
            upheld_share=1.0,
            rating_avg=None,
        ),
    ]


def test_report_gives_tickets_per_thousand_transactions(known_october: KnownSet):
    report = _build()

    assert report.transactions == 8
    assert report.per_thousand_transactions == Decimal("500.00")


def test_report_trend_counts_each_day_of_the_period(known_october: KnownSet):
    report = _build()

    assert report.trend_granularity == "day"
    assert len(report.trend) == 31
    received = {
        day: by_kind
        for day, by_kind, _resolved in report.trend
        if any(by_kind.values())
    }
    assert received == {
        date(2026, 10, 2): {
            "complaint": 1,
            "misoperation_refund": 0,
            "cancelled_tx_inquiry": 0,
        },
        date(2026, 10, 5): {
            "complaint": 0,
            "misoperation_refund": 1,
            "cancelled_tx_inquiry": 0,
        },
        date(2026, 10, 20): {
            "complaint": 0,
            "misoperation_refund": 0,
            "cancelled_tx_inquiry": 1,
        },
        date(2026, 10, 30): {
            "complaint": 1,
            "misoperation_refund": 0,
            "cancelled_tx_inquiry": 0,
        },
    }
    resolved = {day: count for day, _k, count in report.trend if count}
    assert resolved == {
        date(2026, 10, 3): 1,
        date(2026, 10, 8): 1,
        date(2026, 10, 10): 1,
    }


def test_report_lists_alerts_of_the_period(known_october: KnownSet):
    assert _build().alerts == [known_october.alert]
    november = replace(OCTOBER, start=at(11, 1), end=at(12, 1))
    assert _build(november).alerts == []


def test_open_at_end_of_running_period_is_open_now(known_october: KnownSet):
    # A period that has not ended counts the backlog as of now: T8 (2 Nov) is open.
    running = replace(OCTOBER, start=at(10, 1), end=at(12, 31))

    counts = report_counts(filters=running, now=at(11, 10))

    assert counts["open_end"] == 4


@pytest.mark.parametrize(
    ("instant", "open_tickets"),
    [
        # T1 received 28 Sep and T7 on 15 Sep are open on 1 Oct.
        (at(10, 1), {"T1", "T7"}),
        # T2 (received 2 Oct) was resolved on 4 Oct and reopened on 6 Oct: closed
        # on 5 Oct although its latest resolution is later, open again on 7 Oct.
        (at(10, 5), {"T7"}),
        (at(10, 7), {"T7", "T2", "T3"}),
        # After T2's second resolution and T3's only one.
        (at(10, 11), {"T7"}),
    ],
)
def test_open_at_an_instant_follows_a_reopened_tickets_history(
    known_october: KnownSet, instant, open_tickets
):
    day = replace(OCTOBER, start=instant, end=instant)

    counts = report_counts(filters=day, now=at(11, 10))

    assert counts["open_start"] == len(open_tickets)


def test_filters_narrow_every_figure(known_october: KnownSet):
    refunds_only = replace(OCTOBER, kind=Ticket.Kind.MISOPERATION_REFUND)
    by_phone = replace(OCTOBER, channel=Ticket.Channel.PHONE)
    bo = replace(OCTOBER, agent_id=known_october.bo.pk)

    refunds = _build(refunds_only)
    phone = _build(by_phone)
    bo_report = _build(bo)

    assert (refunds.received, refunds.resolved, refunds.open_end) == (1, 1, 0)
    assert refunds.refunds == [("USDT", Decimal(20), 1)]
    assert refunds.breaches == [("resolve", 1, 0, 0.0)]
    assert (phone.received, phone.resolved, phone.open_end) == (1, 0, 1)
    assert phone.breaches == [("acknowledge", 1, 1, 1.0)]
    assert (bo_report.received, bo_report.resolved) == (2, 1)
    assert [agent.name for agent in bo_report.agents] == ["Bo"]


def test_profile_and_language_filters_match_no_ticket_when_none_use_them(
    known_october: KnownSet,
):
    other = RegimeProfile.objects.get(code="cn")
    baseline = RegimeProfile.objects.get(code="baseline")

    assert _build(replace(OCTOBER, profile_id=other.pk)).received == 0
    assert _build(replace(OCTOBER, profile_id=baseline.pk)).received == 4
    assert _build(replace(OCTOBER, language="zh-hans")).received == 0
    assert _build(replace(OCTOBER, language="en")).received == 4


def test_empty_period_gives_zeros_and_no_rates(no_spike_rules: None):
    report = _build()

    assert (report.received, report.resolved, report.open_start) == (0, 0, 0)
    assert report.ack_seconds == {0.5: None, 0.9: None}
    assert report.reopen_rate is None
    assert report.response_rate is None
    assert report.per_thousand_transactions is None
    assert report.root_causes == []
    assert report.agents == []
