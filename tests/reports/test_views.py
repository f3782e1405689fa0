"""The reports page: who may see it, its filters, its figures, its fixed query count."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Queue, Ticket
from complaints.workflow import Resolution, ticket_transition
from reports.models import OpenSnapshotWeek, SpikeRule
from reports.rollups.fold import rollups_fold_all, rollups_rebuild
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    SupervisorFactory,
    TicketFactory,
)
from tests.reports.conftest import KnownSet

pytestmark = pytest.mark.django_db

URL = reverse("reports:report")
EXPORT_URL = reverse("reports:export")
OCTOBER_QUERY = {"period": "custom", "start": "2026-10-01", "end": "2026-10-31"}


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("factory", [CustomerFactory, AgentFactory])
def test_customers_and_agents_are_refused(client, factory):
    client.force_login(factory())

    assert client.get(URL).status_code == 403
    assert client.get(reverse("reports:export")).status_code == 403


def test_manager_and_supervisor_see_the_report(client, manager, no_spike_rules):
    for person in (manager, SupervisorFactory()):
        client.force_login(person)
        response = client.get(URL)

        assert response.status_code == 200
        assert "report" in response.context
        assert response.context["form"].cleaned_data["period"] == "30d"


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("zh-hans", "每小时各类别工单", "Hourly tickets per category"),
        ("en", "Hourly tickets per category", "每小时各类别工单"),
    ],
)
def test_spike_watch_names_the_shipped_rules_in_the_page_s_language(
    client, language, shown, hidden
):
    client.force_login(ManagerFactory(preferred_language=language))

    html = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert shown in html
    assert hidden not in html


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("zh-hans", ["已取消交易", "基准（ISO 10002）"], ["Cancelled transactions"]),  # noqa: RUF001
        ("en", ["Cancelled transactions", "Baseline (ISO 10002)"], ["已取消交易"]),
    ],
)
def test_queue_and_profile_filters_name_them_in_the_page_s_language(
    client, language, shown, hidden
):
    Queue.objects.create(
        name="Cancelled transactions", name_zh_hans="已取消交易", slug="cancelled"
    )
    client.force_login(ManagerFactory(preferred_language=language))

    form = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).context["form"]
    offered = [
        str(label)
        for field in ("queue", "profile")
        for _v, label in form.fields[field].choices
    ]

    assert set(shown) <= set(offered)
    assert not set(hidden) & set(offered)


def test_time_bands_name_the_profile_and_band_in_each_reader_s_language(
    client, manager, known_october, settings
):
    # One cached copy of the figures serves both languages.
    settings.WALLETDESK_REPORT_CACHE_SECONDS = 300
    client.force_login(manager)
    english = client.get(URL, OCTOBER_QUERY)
    chinese = client.get(URL, OCTOBER_QUERY, HTTP_ACCEPT_LANGUAGE="zh-CN")
    csv = b"".join(
        client.get(
            EXPORT_URL, OCTOBER_QUERY, HTTP_ACCEPT_LANGUAGE="zh-CN"
        ).streaming_content
    ).decode()

    assert (
        chinese.context["report"].computed_at == english.context["report"].computed_at
    )
    assert english.context["charts"]["bands"]["labels"] == ["Baseline (ISO 10002)"]
    assert chinese.context["charts"]["bands"]["labels"] == ["基准（ISO 10002）"]  # noqa: RUF001
    bands = chinese.text.split('data-test="bands"')[1].split("</table>")[0]
    assert "基准（ISO 10002）" in bands  # noqa: RUF001
    assert "Baseline" not in bands
    # The bands are said from their amount and unit, not their stored label.
    assert "≤ 3 天" in bands
    assert " d<" not in bands
    english_bands = english.text.split('data-test="bands"')[1].split("</table>")[0]
    assert "≤ 3 days" in english_bands
    series = [item["label"] for item in chinese.context["charts"]["bands"]["series"]]
    assert series[0] == "≤ 3 天"
    assert "基准（ISO 10002） · ≤ 3 天" in csv  # noqa: RUF001


def test_page_shows_every_figure_of_the_known_set(
    client, manager, known_october: KnownSet
):
    client.force_login(manager)

    response = client.get(URL, OCTOBER_QUERY)

    report = response.context["report"]
    assert (report.received, report.resolved, report.open_start, report.open_end) == (
        4,
        3,
        2,
        3,
    )
    html = response.content.decode()
    expected = {
        "received": "4",
        "resolved": "3",
        "open-start": "2",
        "open-end": "3",
        "per-thousand": "500.00",
        "reopen-rate": "25.0%",
        "rating-average": "4.50",
        "outcome-upheld": "2",
        "outcome-partially_upheld": "1",
        "outcome-rejected": "0",
        "refund-CNY": "150.00 CNY",
        "refund-USDT": "20.00 USDT",
        "rating-4": "1",
        "rating-5": "1",
        "rating-1": "0",
        "response-rate": "66.7%",
        "breach-acknowledge": "50.0%",
        "breach-resolve": "25.0%",
        "cause-system_failure": "2",
        "cause-customer_input": "1",
    }
    for test_id, value in expected.items():
        assert f'data-test="{test_id}">{value}<' in html, test_id
    # Durations (histogram estimates, tested in test_selectors) are shown too.
    for test_id in ("ack-median", "ack-p90", "resolve-median", "resolve-p90"):
        assert f'data-test="{test_id}">' in html, test_id
    assert html.count('data-test="agent-row"') == 2
    assert html.count('data-test="alert"') == 1
    assert 'id="report-charts"' in html


def test_page_renders_chart_data_with_translated_labels(client, manager, known_october):
    client.force_login(manager)

    charts = client.get(URL, OCTOBER_QUERY).context["charts"]
    chinese = client.get(URL, OCTOBER_QUERY, HTTP_ACCEPT_LANGUAGE="zh-CN").context[
        "charts"
    ]

    assert charts["outcomes"]["data"] == [2, 1, 0, 0, 0]
    assert charts["pareto"]["cumulative"] == [66.7, 100.0]
    assert charts["bands"]["series"][0] == {"label": "≤ 3 days", "data": [33.3]}
    assert charts["trend"]["line"]["label"] == "Resolved"
    assert chinese["trend"]["line"]["label"] != "Resolved"
    assert len(charts["trend"]["labels"]) == 31


def test_page_reads_in_chinese(client, manager, known_october):
    client.force_login(manager)

    response = client.get(URL, OCTOBER_QUERY, HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"period": "custom", "start": "2026-10-01"},
            None,
            "Give both dates of a custom period.",
        ),
        (
            {"period": "custom", "start": "2026-10-05", "end": "2026-10-01"},
            None,
            "The period must end on or after its first day.",
        ),
        (
            {"period": "custom", "start": "2020-01-01", "end": "2026-01-01"},
            None,
            "Choose a period of at most 731 days.",
        ),
        (
            {"period": "custom", "start": "2999-01-01", "end": "2999-01-02"},
            None,
            "The period cannot start in the future.",
        ),
        (
            {"kind": "misoperation_refund", "category": "fees"},
            "category",
            "This category does not belong to the chosen kind.",
        ),
        ({"queue": "999999"}, "queue", "Select a valid choice."),
        ({"period": "forever"}, "period", "Select a valid choice."),
    ],
)
def test_invalid_filters_show_a_clear_error_and_no_figures(
    client, manager, query, field, message
):
    client.force_login(manager)

    response = client.get(URL, query)

    assert response.status_code == 200
    assert "report" not in response.context
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field or "__all__"])
    assert message.split(" ")[0] in response.content.decode()


def _tickets_in_period(count: int) -> None:
    agents = [AgentFactory(), AgentFactory()]
    supervisor = SupervisorFactory()
    for index in range(count):
        ticket = TicketFactory(
            kind=[Ticket.Kind.COMPLAINT, Ticket.Kind.MISOPERATION_REFUND][index % 2]
        )
        Ticket.objects.filter(pk=ticket.pk).update(assignee=agents[index % 2])
        if index % 3:
            continue
        for status in ("acknowledged", "investigating"):
            ticket_transition(ticket=ticket, to_status=status, actor=supervisor)
        ticket_transition(
            ticket=ticket,
            to_status="resolved",
            actor=supervisor,
            resolution=Resolution(
                outcome="upheld",
                amount=Decimal(index + 1),
                currency=["CNY", "USD"][index % 2],
                root_cause=["fees_fx", "system_failure", ""][index % 3 - 1],
            ),
        )
        Ticket.objects.filter(pk=ticket.pk).update(rating=index % 5 + 1)


@pytest.mark.parametrize("tickets", [2, 40])
def test_page_runs_a_fixed_number_of_queries(
    client, manager, no_spike_rules, django_assert_num_queries, tickets, settings
):
    # Every computation is counted, not a cached copy.
    settings.WALLETDESK_REPORT_CACHE_SECONDS = 0
    SpikeRule.objects.create(
        name="Hourly", metric="tickets_by_category", window="hour", baseline_windows=3
    )
    _tickets_in_period(tickets)
    client.force_login(manager)

    # Changes not yet folded (the on-commit fold never runs in a test
    # transaction) are read and added: the pending tickets, their stored
    # figures, and their tickets, status changes and clocks.
    # user; filter choices: profiles, queues, agents; savepoint; pending (5);
    # rollup figures of the period, open at start, open at end, per agent,
    # trend; clocks due later today; agent names; transactions; payouts the
    # wallet confirmed (issue 23: one grouped read of wallet actions, +1);
    # spike watch: active rules, one per rule; alerts; release savepoint;
    # incident figures; the reader's own ticket exports (issue 24: background
    # exports, +1); the hourly ticket rule reads the hourly rollups with the
    # pending changes (issue 24: +5, the pending reads, instead of a scan of
    # its hours' tickets); the weeks with an open snapshot (+1; none here, so
    # open at start and end read every day's flows); open per agent from the
    # agent grain, apart from the backlog by day received (issue 24's grains,
    # +1: the backlog in the summary grain has no agent).
    with django_assert_num_queries(32):
        response = client.get(URL)
    assert response.context["report"].received == tickets

    rollups_fold_all()
    # Folded: the pending changes are one query that finds none (the reader's
    # exports, issue 24, +1; confirmed payouts, issue 23, +1; the hourly
    # rule's own pending check, issue 24, +1; the snapshot weeks, +1; open
    # per agent apart, issue 24's grains, +1).
    with django_assert_num_queries(24):
        again = client.get(URL)
    assert again.context["report"].received == tickets

    # A ticket open for three months (an import: the rebuild takes the week
    # snapshots of the open flows): open at start, at end and per agent each
    # read one week's snapshot rows with the flows since it, in the same
    # query (issue 24's grains: no query more), however long the history.
    old = TicketFactory()
    Ticket.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - timedelta(days=90)
    )
    rollups_rebuild()
    assert OpenSnapshotWeek.objects.count() >= 12
    with django_assert_num_queries(24):
        third = client.get(URL)
    report = third.context["report"]
    assert report.open_end == again.context["report"].open_end + 1
    assert report.open_start == again.context["report"].open_start + 1


def test_same_filters_reuse_the_figures_for_a_few_minutes(
    client, manager, no_spike_rules, django_assert_num_queries, settings
):
    settings.WALLETDESK_REPORT_CACHE_SECONDS = 300
    _tickets_in_period(2)
    client.force_login(manager)
    first = client.get(URL)
    _tickets_in_period(1)

    # user; filter choices: profiles, queues, agents; incident figures (one
    # aggregate, not cached); the reader's ticket exports (issue 24, +1). The
    # other figures are the copy.
    with django_assert_num_queries(6):
        again = client.get(URL)

    assert again.context["report"].received == first.context["report"].received == 2
    assert again.context["report"].computed_at == first.context["report"].computed_at
    assert "Figures as of" in again.text
    # Other filters are computed afresh: both complaints, the new one included.
    assert client.get(URL, {"kind": "complaint"}).context["report"].received == 2
    settings.WALLETDESK_REPORT_CACHE_SECONDS = 0
    fresh = client.get(URL)
    assert fresh.context["report"].received == 3
    assert "Figures as of" not in fresh.text
