"""Spike monitoring: windows, baselines, alerts raised once, notices to staff."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from complaints.models import Notice, Ticket
from complaints.notice_rendering import notice_render
from complaints.notices import notice_deliver, notice_queue
from reports import tasks
from reports.models import SpikeAlert, SpikeRule
from reports.rollups.fold import rollups_fold_all
from reports.selectors import spike_measure, spike_windows
from reports.services import spikes_detect
from tests.factories import (
    AgentFactory,
    ManagerFactory,
    SupervisorFactory,
    TicketFactory,
    TransactionFactory,
)
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(10, 20, 15, 30)


def _rule(**fields: object) -> SpikeRule:
    values = {
        "name": "Daily tickets",
        "name_zh_hans": "每日工单",
        "metric": SpikeRule.Metric.TICKETS_BY_CATEGORY,
        "window": SpikeRule.Window.DAY,
        "baseline_windows": 3,
        "threshold_ratio": Decimal(2),
        "min_count": 4,
        **fields,
    }
    return SpikeRule.objects.create(**values)


def _tickets(count: int, received, category=Ticket.Category.TRANSFER_FAILED):  # type: ignore[no-untyped-def]
    for _index in range(count):
        ticket = TicketFactory(category=category)
        Ticket.objects.filter(pk=ticket.pk).update(received_at=received)


def test_shipped_rules_exist():
    names = set(SpikeRule.objects.values_list("name", flat=True))

    assert {"Hourly tickets per category", "Daily tickets per category"} <= names


def test_shipped_rules_are_named_in_both_languages():
    rules = list(SpikeRule.objects.all())

    assert len(rules) == 3
    for rule in rules:
        with translation.override("zh-hans"):
            chinese = str(rule)
        with translation.override("en"):
            english = str(rule)
        assert english == rule.name
        assert chinese == rule.name_zh_hans
        assert chinese
        assert chinese != english


def test_daily_windows_run_from_local_midnight(no_spike_rules):
    windows = spike_windows(rule=_rule(), now=NOW, count=3)

    assert windows == [
        (at(10, 18), at(10, 19)),
        (at(10, 19), at(10, 20)),
        (at(10, 20), at(10, 21)),
    ]


def test_hourly_windows_end_with_the_current_hour(no_spike_rules):
    rule = _rule(window=SpikeRule.Window.HOUR)

    windows = spike_windows(rule=rule, now=NOW, count=2)

    assert windows == [
        (at(10, 20, 14), at(10, 20, 15)),
        (at(10, 20, 15), at(10, 20, 16)),
    ]


def test_measure_compares_each_window_with_the_mean_before_it(no_spike_rules):
    rule = _rule()
    _tickets(1, at(10, 16, 9))  # in the previous window's baseline only
    _tickets(2, at(10, 17, 9))
    _tickets(1, at(10, 18, 9))
    _tickets(3, at(10, 19, 9))  # previous window: baseline (1 + 2 + 1) / 3
    _tickets(6, at(10, 20, 9))  # current window
    _tickets(1, at(10, 20, 9), category=Ticket.Category.FEES)

    measures = spike_measure(rule=rule, now=NOW)

    assert [
        (m.key, m.window_start, m.count, m.baseline, m.crossed) for m in measures
    ] == [
        ("fees", at(10, 19), 0, Decimal("0.00"), False),
        ("fees", at(10, 20), 1, Decimal("0.00"), False),
        ("transfer_failed", at(10, 19), 3, Decimal("1.33"), False),  # under min_count
        ("transfer_failed", at(10, 20), 6, Decimal("2.00"), True),
    ]


def test_detect_raises_an_alert_once_and_tells_supervisors_and_managers(
    no_spike_rules, django_capture_on_commit_callbacks
):
    rule = _rule()
    supervisor = SupervisorFactory(preferred_language="zh-hans")
    manager = ManagerFactory()
    AgentFactory()
    _tickets(1, at(10, 18, 9))
    _tickets(8, at(10, 20, 9))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        [alert] = spikes_detect(now=NOW)
    again = spikes_detect(now=NOW + timedelta(minutes=5))

    assert again == []
    assert (alert.rule, alert.key, alert.count) == (rule, "transfer_failed", 8)
    assert (alert.window_start, alert.window_end) == (at(10, 20), at(10, 21))
    assert alert.baseline == Decimal("0.33")
    notices = Notice.objects.filter(kind=Notice.Kind.SPIKE_ALERT)
    assert {(n.recipient, n.language, n.ticket) for n in notices} == {
        (supervisor, "zh-hans", None),
        (manager, "en", None),
    }
    assert set(alert.notices.all()) == set(notices)
    assert all(notice.sent_at is not None for notice in notices)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [supervisor.email, manager.email]
    )
    english = next(m for m in mail.outbox if m.to == [manager.email])
    assert english.subject == "Spike alert: Transfer failed reached 8"
    assert "/reports/" in english.body


def test_spike_alert_is_unique_per_rule_window_and_key(no_spike_rules):
    rule = _rule()
    fields = {
        "rule": rule,
        "key": "fees",
        "window_start": at(10, 20),
        "window_end": at(10, 21),
        "count": 9,
        "baseline": Decimal(1),
    }
    SpikeAlert.objects.create(**fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        SpikeAlert.objects.create(**fields)


def test_cancellation_rule_counts_cancelled_transactions_by_type(no_spike_rules):
    rule = _rule(metric=SpikeRule.Metric.CANCELLATIONS_BY_TYPE, min_count=2)
    for _index in range(3):
        TransactionFactory(cancelled=True, occurred_at=at(10, 20, 8))
    TransactionFactory(occurred_at=at(10, 20, 8))  # completed: not a cancellation

    crossed = [m for m in spike_measure(rule=rule, now=NOW) if m.crossed]

    assert [(m.key, m.count) for m in crossed] == [("transfer_out", 3)]


def test_transaction_rule_counts_every_transaction_by_type(no_spike_rules):
    rule = _rule(metric=SpikeRule.Metric.TRANSACTIONS_BY_TYPE, min_count=2)
    TransactionFactory(occurred_at=at(10, 20, 8), type="payment")
    TransactionFactory(occurred_at=at(10, 20, 9), type="payment")

    [measure] = spike_measure(rule=rule, now=NOW, include_previous=False)

    assert (measure.key, measure.label, measure.count, measure.crossed) == (
        "payment",
        "Payment",
        2,
        True,
    )


def test_inactive_rules_raise_nothing(no_spike_rules):
    _rule(is_active=False)
    _tickets(8, at(10, 20, 9))

    assert spikes_detect(now=NOW) == []


def test_task_runs_the_detection(no_spike_rules):
    _rule()
    _tickets(8, timezone.now())

    assert tasks.detect_spikes.delay().get() == 1
    assert SpikeAlert.objects.count() == 1


def test_notice_queue_without_ticket_needs_a_recipient(db):
    with pytest.raises(ValueError, match="needs a recipient"):
        notice_queue(ticket=None, kind=Notice.Kind.SPIKE_ALERT)


def test_spike_notice_renders_in_the_recipients_language(no_spike_rules):
    manager = ManagerFactory(preferred_language="zh-hans")
    alert = SpikeAlert.objects.create(
        rule=_rule(),
        key="fees",
        window_start=at(10, 20),
        window_end=at(10, 21),
        count=9,
        baseline=Decimal(3),
    )
    notice = notice_queue(ticket=None, kind=Notice.Kind.SPIKE_ALERT, recipient=manager)
    alert.notices.add(notice)
    english = notice_queue(
        ticket=None, kind=Notice.Kind.SPIKE_ALERT, recipient=manager, language="en"
    )
    alert.notices.add(english)

    rendered = notice_render(notice)
    in_english = notice_render(english)

    assert notice.language == "zh-hans"
    assert "9" in rendered.text
    assert in_english.subject == "Spike alert: Fees reached 9"
    assert 'Rule "Daily tickets": Fees counted 9' in in_english.text
    assert "每日工单" in rendered.text
    assert "Daily tickets" not in rendered.text
    assert "/reports/" in in_english.html
    assert notice_deliver(notice_id=english.pk) is True


def test_daily_ticket_rule_reads_the_rollups_not_the_tickets(no_spike_rules):
    rule = _rule()
    _tickets(2, at(10, 17, 9))
    _tickets(5, at(10, 20, 9))
    rollups_fold_all()

    with CaptureQueriesContext(connection) as queries:
        measures = spike_measure(rule=rule, now=NOW, include_previous=False)

    assert [(m.key, m.window_start, m.count, m.crossed) for m in measures] == [
        ("transfer_failed", at(10, 20), 5, True)
    ]
    assert not any("complaints_ticket" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_hourly_ticket_rule_reads_the_hourly_rollups_not_the_tickets(
    no_spike_rules, settings, zone
):
    settings.TIME_ZONE = zone
    rule = _rule(window=SpikeRule.Window.HOUR)
    now = NOW.replace(minute=40)
    hour = now.replace(minute=0)
    _tickets(1, hour - timedelta(hours=3) + timedelta(minutes=5))
    _tickets(2, hour - timedelta(hours=1, minutes=1))  # its hour's last minute
    _tickets(1, hour - timedelta(minutes=1))  # previous hour
    _tickets(6, hour)  # current hour, its first instant
    _tickets(4, hour + timedelta(minutes=30), category=Ticket.Category.FEES)
    rollups_fold_all()
    _tickets(1, hour + timedelta(minutes=10))  # pending: not folded yet

    with CaptureQueriesContext(connection) as queries:
        measures = spike_measure(rule=rule, now=now)

    assert [
        (m.key, m.window_start, m.count, m.baseline, m.crossed) for m in measures
    ] == [
        ("fees", hour - timedelta(hours=1), 0, Decimal("0.00"), False),
        ("fees", hour, 4, Decimal("0.00"), True),
        ("transfer_failed", hour - timedelta(hours=1), 1, Decimal("1.00"), False),
        ("transfer_failed", hour, 7, Decimal("1.33"), True),
    ]
    # No window of tickets is scanned (the pending ticket is read by its id).
    assert not any('"received_at" >=' in q["sql"] for q in queries.captured_queries)
