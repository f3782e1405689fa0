"""The manager opens the reports page in both languages; charts draw; CSV downloads."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from complaints.models import Ticket
from complaints.workflow import Resolution, ticket_transition
from reports.models import SpikeAlert, SpikeRule
from reports.rollups.fold import rollups_rebuild
from sla.data.defaults import defaults_install
from tests.e2e.conftest import Screenshots
from tests.e2e.staff_sign_in import second_factor_give
from tests.factories import (
    PASSWORD,
    AgentFactory,
    ManagerFactory,
    SupervisorFactory,
    TicketFactory,
    TransactionFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CAUSES = ("system_failure", "system_failure", "fees_fx", "customer_input", "")
OUTCOMES = ("upheld", "partially_upheld", "rejected", "upheld", "withdrawn")


def _month_of_tickets() -> None:
    """A dozen tickets over the last two weeks, half resolved, and one spike alert."""
    defaults_install(apps)  # a flush by an earlier transactional test drops them
    agents = [
        AgentFactory(username="wang", first_name="Wang"),
        AgentFactory(username="li", first_name="Li"),
    ]
    supervisor = SupervisorFactory()
    now = timezone.now()
    kinds = list(Ticket.Kind.values)
    for index in range(12):
        ticket = TicketFactory(kind=kinds[index % 3])
        received = now - timedelta(days=13 - index, hours=index)
        if index % 2 == 0:
            # The acknowledgement was delivered on commit: already acknowledged.
            ticket_transition(
                ticket=ticket, to_status="investigating", actor=supervisor
            )
            ticket_transition(
                ticket=ticket,
                to_status="resolved",
                actor=supervisor,
                resolution=Resolution(
                    outcome=OUTCOMES[index % 5],
                    amount=Decimal(10 * (index + 1)),
                    currency="CNY",
                    root_cause=CAUSES[index % 5],
                ),
            )
        Ticket.objects.filter(pk=ticket.pk).update(
            received_at=received,
            resolved_at=received + timedelta(days=1 + index % 4)
            if index % 2 == 0
            else None,
            assignee=agents[index % 2],
            rating=(index % 5) + 1 if index % 2 == 0 else None,
        )
    # The updates back-date rows past the services (as an import would): the
    # rollups are rebuilt from the tickets, as after any import.
    rollups_rebuild()
    for day in range(20):
        TransactionFactory(occurred_at=now - timedelta(days=day))
    rule = SpikeRule.objects.create(
        name="Daily tickets per category", metric="tickets_by_category", window="day"
    )
    SpikeAlert.objects.create(
        rule=rule,
        key="transfer_failed",
        window_start=now - timedelta(days=2),
        window_end=now - timedelta(days=1),
        count=42,
        baseline=Decimal("9.50"),
    )


def _manager_opens_the_reports(
    browser: Browser, base_url: str, language: str, **options: object
) -> tuple[BrowserContext, Page]:
    """A manager reading language signs in (password, then the second factor)."""
    manager = ManagerFactory(username="manager", preferred_language=language)
    context = browser.new_context(accept_downloads=True, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/accounts/login/?next=/reports/")
    page.fill("#id_username", manager.username)
    page.fill("#id_password", PASSWORD)
    page.click('main button[type="submit"], main input[type="submit"]')
    # Managers give a second factor (WALLETDESK_MFA_REQUIRED_ROLES).
    second_factor_give(page)
    return context, page


@pytest.mark.parametrize(
    ("locale", "language", "heading"),
    [
        pytest.param("en-GB", "en", "Complaint handling report", id="en"),
        pytest.param("zh-CN", "zh-hans", None, id="zh-hans"),
    ],
)
def test_manager_reads_the_reports_page(
    live_server,
    browser: Browser,
    screenshots: Screenshots,
    locale: str,
    language: str,
    heading: str | None,
) -> None:
    _month_of_tickets()
    context, page = _manager_opens_the_reports(
        browser,
        live_server.url,
        language,
        locale=locale,
        viewport={"width": 1400, "height": 1000},
    )

    expect(page.locator("html")).to_have_attribute("lang", language)
    if heading:
        expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator('[data-test="received"]')).to_have_text("12")
    expect(page.locator('[data-test="resolved"]')).to_have_text("6")
    expect(page.locator('[data-test="alert"]')).to_have_count(1)
    # Chart.js has drawn: a drawn canvas has a non-zero backing size.
    for chart in ("trend", "outcomes", "backlog", "pareto", "bands"):
        canvas = page.locator(f"#chart-{chart}")
        expect(canvas).to_be_visible()
        assert page.evaluate(
            f"Chart.getChart(document.getElementById('chart-{chart}')) !== undefined"
        )
    page.wait_for_timeout(800)  # the charts' entry animation
    screenshots.take(page, f"reports-{language}")

    with page.expect_download() as download:
        page.click('[data-test="export-figures"]')
    assert download.value.suggested_filename.startswith("walletdesk-figures-")
    with open(download.value.path(), "rb") as exported:
        assert exported.read(3) == b"\xef\xbb\xbf"

    # A custom period nobody opened before: the last 20 days, figures at once.
    today = timezone.localdate()
    page.select_option("#id_period", "custom")
    page.fill("#id_start", f"{today - timedelta(days=19):%Y-%m-%d}")
    page.fill("#id_end", f"{today:%Y-%m-%d}")
    page.click('[data-test="filters"] button[type="submit"]')
    expect(page.locator('[data-test="received"]')).to_have_text("12")
    expect(page.locator('[data-test="resolved"]')).to_have_text("6")
    page.wait_for_timeout(800)
    screenshots.take(page, f"reports-custom-{language}")

    page.select_option("#id_period", "custom")
    page.fill("#id_start", "2026-10-05")
    page.fill("#id_end", "2026-10-01")
    page.click('[data-test="filters"] button[type="submit"]')
    expect(page.locator('[data-test="form-error"]')).to_be_visible()
    screenshots.take(page, f"reports-error-{language}")
    context.close()


@pytest.mark.parametrize(
    ("language", "ready"),
    [pytest.param("en", "Ready", id="en"), pytest.param("zh-hans", None, id="zh-hans")],
)
def test_manager_exports_the_period_s_tickets_in_the_background(
    live_server,
    browser: Browser,
    screenshots: Screenshots,
    language: str,
    ready: str | None,
) -> None:
    _month_of_tickets()
    context, page = _manager_opens_the_reports(
        browser, live_server.url, language, viewport={"width": 1280, "height": 900}
    )
    expect(page.locator('[data-test="exports"]')).to_have_count(0)

    # The request returns at once; the file is written by the task (eager here,
    # so it is ready when the page comes back) and the panel lists it.
    page.click('[data-test="export-tickets"]')
    row = page.locator('[data-test="export-row"]')
    expect(row).to_have_count(1)
    if ready:
        expect(row.locator('[data-test="export-state"]')).to_have_text(ready)
    expect(row.locator('[data-test="export-progress"]')).to_contain_text("12")
    expect(row.locator('[data-test="export-progress"]')).to_contain_text("100")
    # The period's last day is today (its end is exclusive: midnight tomorrow).
    today = timezone.localdate()
    last_day = (
        f"至 {today.year}年{today.month}月{today.day}日"
        if language == "zh-hans"
        else f"to {today.day} {today:%b} {today.year},"
    )
    expect(row.locator('[data-test="export-period"]')).to_contain_text(last_day)
    screenshots.take(page, f"exports-{language}")

    with page.expect_download() as download:
        row.locator('[data-test="export-download"]').click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        lines = exported.read().splitlines()
    assert len(lines) == 1 + 12  # the header and the period's twelve tickets
    assert set(Ticket.objects.values_list("reference", flat=True)) == {
        line.split(",")[0] for line in lines[1:]
    }
    context.close()
