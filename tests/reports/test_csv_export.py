"""/reports/export.csv: a streamed UTF-8 CSV with a BOM, the page's filters and figures."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from tests.reports.conftest import KnownSet
from tests.reports.reference import within_one_bucket

pytestmark = pytest.mark.django_db

URL = reverse("reports:export")
OCTOBER_QUERY = {"period": "custom", "start": "2026-10-01", "end": "2026-10-31"}


def _download(client, query, **headers):  # type: ignore[no-untyped-def]
    response = client.get(URL, query, **headers)
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    return response, list(csv.reader(io.StringIO(text)))


def _figures(rows: list[list[str]]) -> dict[tuple[str, str], tuple[str, str]]:
    return {(row[0], row[1]): (row[3], row[4]) for row in rows[1:]}


def test_figures_export_holds_every_figure_of_the_known_set(
    client, manager, known_october: KnownSet
):
    client.force_login(manager)

    response, rows = _download(client, OCTOBER_QUERY)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="walletdesk-figures-20261001-20261031.csv"'
    )
    assert rows[0] == ["section", "item", "label", "value", "share (%)"]
    figures = _figures(rows)
    ann, bo = known_october.ann.pk, known_october.bo.pk
    expected = {
        ("period", "start"): ("2026-10-01 00:00:00", ""),
        ("period", "end"): ("2026-11-01 00:00:00", ""),
        ("volume", "received"): ("4", ""),
        ("volume", "resolved"): ("3", ""),
        ("volume", "open_start"): ("2", ""),
        ("volume", "open_end"): ("3", ""),
        ("sla_breach", "acknowledge:due"): ("2", ""),
        ("sla_breach", "acknowledge:breached"): ("1", "50.0"),
        ("sla_breach", "resolve:due"): ("4", ""),
        ("sla_breach", "resolve:breached"): ("1", "25.0"),
        ("outcome", "upheld"): ("2", "66.7"),
        ("outcome", "partially_upheld"): ("1", "33.3"),
        ("outcome", "rejected"): ("0", "0.0"),
        ("outcome", "withdrawn"): ("0", "0.0"),
        ("outcome", "duplicate"): ("0", "0.0"),
        ("refund", "CNY:amount"): ("150.00", ""),
        ("refund", "CNY:tickets"): ("2", ""),
        ("refund", "USDT:amount"): ("20.00", ""),
        ("refund", "USDT:tickets"): ("1", ""),
        ("reopen", "resolutions"): ("4", ""),
        ("reopen", "reopened"): ("1", "25.0"),
        ("satisfaction", "rated"): ("2", "66.7"),
        ("satisfaction", "average"): ("4.50", ""),
        ("satisfaction", "rating_1"): ("0", "0.0"),
        ("satisfaction", "rating_2"): ("0", "0.0"),
        ("satisfaction", "rating_3"): ("0", "0.0"),
        ("satisfaction", "rating_4"): ("1", "50.0"),
        ("satisfaction", "rating_5"): ("1", "50.0"),
        ("backlog_age", "0-1d"): ("0", "0.0"),
        ("backlog_age", "1-3d"): ("1", "33.3"),
        ("backlog_age", "3-7d"): ("0", "0.0"),
        ("backlog_age", "7-15d"): ("1", "33.3"),
        ("backlog_age", "15-30d"): ("0", "0.0"),
        ("backlog_age", "30d+"): ("1", "33.3"),
        ("root_cause", "system_failure"): ("2", "66.7"),
        ("root_cause", "customer_input"): ("1", "100.0"),
        ("agent", f"{ann}:open_end"): ("1", ""),
        ("agent", f"{ann}:resolved"): ("2", ""),
        ("agent", f"{ann}:upheld"): ("", "100.0"),
        ("agent", f"{ann}:rating_avg"): ("4.50", ""),
        ("agent", f"{bo}:open_end"): ("1", ""),
        ("agent", f"{bo}:resolved"): ("1", ""),
        ("agent", f"{bo}:upheld"): ("", "100.0"),
        ("agent", f"{bo}:rating_avg"): ("", ""),
        ("transactions", "occurred"): ("8", ""),
        ("transactions", "tickets_per_1000"): ("500.00", ""),
    }
    for key, value in expected.items():
        assert figures.pop(key) == value, key
    # Durations come from the rollups' histograms: within one bucket.
    durations = {
        ("time_to_acknowledge", "median_hours"): 1.0,
        ("time_to_acknowledge", "p90_hours"): 3.4,
        ("time_to_resolve", "median_hours"): 120,
        ("time_to_resolve", "p90_hours"): 139.2,
        ("agent", f"{ann}:median_resolve_hours"): 132,
        ("agent", f"{bo}:median_resolve_hours"): 120,
    }
    for key, exact_hours in durations.items():
        shown, _share = figures.pop(key)
        assert within_one_bucket(round(float(shown) * 3600), exact_hours * 3600), key
    bands = {
        key[1].split(":", 1)[1]: figures.pop(key)
        for key in list(figures)
        if key[0] == "time_band"
    }
    assert bands == {
        "≤ 3 d": ("1", "33.3"),
        "≤ 15 d": ("2", "66.7"),
        "≤ 30 d": ("0", "0.0"),
        "> 30 d": ("0", "0.0"),
    }
    trend = {key[1]: figures.pop(key)[0] for key in list(figures) if key[0] == "trend"}
    assert len(trend) == 31 * 4
    assert {day: value for day, value in trend.items() if value != "0"} == {
        "2026-10-02:received:complaint": "1",
        "2026-10-05:received:misoperation_refund": "1",
        "2026-10-20:received:cancelled_tx_inquiry": "1",
        "2026-10-30:received:complaint": "1",
        "2026-10-03:resolved": "1",
        "2026-10-08:resolved": "1",
        "2026-10-10:resolved": "1",
    }
    alert = known_october.alert
    assert figures == {
        ("spike_alert", f"{alert.rule_id}:transfer_failed:2026-10-30 00:00:00"): (
            "24",
            "",
        )
    }


def test_figures_export_is_readable_in_chinese(client, manager, known_october):
    client.force_login(manager)

    _response, rows = _download(client, OCTOBER_QUERY, HTTP_ACCEPT_LANGUAGE="zh-CN")

    with translation.override("zh-hans"):
        received = translation.gettext("Received")
    assert received != "Received"
    assert rows[3] == ["volume", "received", received, "4", ""]


def test_tickets_export_lists_tickets_of_the_period(client, manager, known_october):
    client.force_login(manager)

    response, rows = _download(client, {**OCTOBER_QUERY, "dataset": "tickets"})

    assert "walletdesk-tickets-20261001-20261031.csv" in response["Content-Disposition"]
    references = [row[0] for row in rows[1:]]
    tickets = known_october.tickets
    # Received or resolved in October, oldest receipt first.
    assert references == [
        tickets[name].reference for name in ("T1", "T2", "T3", "T4", "T5")
    ]
    t2 = rows[2]
    assert t2[1:8] == [
        "complaint",
        "transfer_failed",
        "web",
        "en",
        "",
        "ann",
        "resolved",
    ]
    assert t2[8:13] == [
        "2026-10-02 09:00:00",
        "2026-10-02 10:00:00",
        "2026-10-08 09:00:00",
        "1.00",
        "144.00",
    ]
    assert t2[13:] == ["partially_upheld", "50.00", "CNY", "system_failure", "4"]


def test_export_honours_the_filters(client, manager, known_october):
    client.force_login(manager)

    _response, rows = _download(
        client, {**OCTOBER_QUERY, "dataset": "tickets", "kind": "misoperation_refund"}
    )

    assert [row[0] for row in rows[1:]] == [known_october.tickets["T3"].reference]


def test_export_with_invalid_filters_answers_400(client, manager):
    client.force_login(manager)

    response = client.get(URL, {"period": "custom", "start": "2026-10-01"})
    unknown = client.get(URL, {"dataset": "everything"})

    assert response.status_code == 400
    assert "Give both dates of a custom period." in response.content.decode()
    assert unknown.status_code == 400
