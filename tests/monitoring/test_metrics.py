"""/metrics: protected, Prometheus text, figures an operator alerts on."""

import re
from collections.abc import Callable

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from complaints.models import Notice
from complaints.notices import notice_deliver
from config import celery_app
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

TOKEN = "scrape-token-for-tests"
METRICS = "/metrics"


@pytest.fixture
def scrape(client: Client, settings: pytest.FixtureRequest) -> Callable[[], dict]:
    """Read /metrics with the token; samples by (name, sorted labels)."""
    settings.WALLETDESK_METRICS_TOKEN = TOKEN

    def read() -> dict[tuple[str, tuple], float]:
        response = client.get(METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples
        }

    return read


def test_metrics_are_not_found_until_protected(client: Client) -> None:
    assert client.get(METRICS).status_code == 404


def test_metrics_need_the_token(
    client: Client, settings: pytest.FixtureRequest
) -> None:
    settings.WALLETDESK_METRICS_TOKEN = TOKEN

    assert client.get(METRICS).status_code == 403
    assert client.get(METRICS, HTTP_AUTHORIZATION="Bearer guessed").status_code == 403
    ok = client.get(METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert ok.status_code == 200


def test_metrics_allow_listed_addresses(
    client: Client, settings: pytest.FixtureRequest
) -> None:
    settings.WALLETDESK_METRICS_ALLOWED_IPS = ["10.0.0.0/8", "192.0.2.7"]

    assert client.get(METRICS, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get(METRICS, REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get(METRICS, REMOTE_ADDR="198.51.100.1").status_code == 403


def test_outbox_gauges_follow_an_unsent_notice(scrape: Callable[[], dict]) -> None:
    TicketFactory()  # its acknowledgement waits: the on-commit dispatch never ran
    waiting = scrape()
    notice = Notice.objects.get()
    notice_deliver(notice_id=notice.pk)
    delivered = scrape()

    outbox = (("outbox", "notice"),)
    assert waiting[("walletdesk_outbox_unsent", outbox)] == 1
    assert waiting[("walletdesk_outbox_oldest_unsent_age_seconds", outbox)] > 0
    assert waiting[("walletdesk_outbox_unsent", (("outbox", "webhook"),))] == 0
    assert delivered[("walletdesk_outbox_unsent", outbox)] == 0
    assert delivered[("walletdesk_outbox_oldest_unsent_age_seconds", outbox)] == 0


def test_delivered_notices_are_counted_by_result(
    scrape: Callable[[], dict], django_capture_on_commit_callbacks: Callable
) -> None:
    sent = (
        "walletdesk_outbox_deliveries_total",
        (("outbox", "notice"), ("result", "sent")),
    )
    before = scrape()[sent]
    with django_capture_on_commit_callbacks(execute=True):
        TicketFactory()
    assert scrape()[sent] == before + 1


def test_request_latency_is_measured_by_view(
    client: Client, scrape: Callable[[], dict]
) -> None:
    client.get(reverse("complaints:home"))
    samples = scrape()

    assert any(
        name == "django_http_requests_latency_seconds_by_view_method_count"
        and dict(labels).get("view") == "complaints:home"
        for name, labels in samples
    )


def test_login_lockouts_are_counted(scrape: Callable[[], dict]) -> None:
    user = CustomerFactory()
    lockouts = ("walletdesk_login_lockouts_total", ())
    before = scrape()[lockouts]
    client = Client()
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": user.username, "password": "no"}
        )
    assert scrape()[lockouts] == before + 1


def test_scrape_costs_three_queries(
    client: Client, settings: pytest.FixtureRequest, django_assert_num_queries
) -> None:
    settings.WALLETDESK_METRICS_TOKEN = TOKEN
    TicketFactory.create_batch(2)
    # Unsent notices (count and oldest), unsent webhooks, breached running clocks.
    with django_assert_num_queries(3):
        response = client.get(METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200


@pytest.mark.redis
def test_queue_lengths_come_from_the_broker(scrape: Callable[[], dict]) -> None:
    celery_app.conf.task_always_eager = False  # the autouse fixture restores it
    celery_app.control.purge()
    try:
        celery_app.send_task("complaints.tasks.redispatch_unsent_notices")
        celery_app.send_task("complaints.tasks.redispatch_unsent_notices")
        waiting = scrape()
    finally:
        celery_app.control.purge()
    celery_app.conf.broker_read_url = "redis://127.0.0.1:1/0"  # nothing listens
    try:
        down = scrape()
    finally:
        celery_app.conf.broker_read_url = None

    route = celery_app.amqp.router.route(
        {}, "complaints.tasks.redispatch_unsent_notices"
    )
    queue = ("queue", route["queue"].name)
    assert waiting[("walletdesk_broker_up", ())] == 1
    assert waiting[("walletdesk_celery_queue_length", (queue,))] == 2
    assert down[("walletdesk_broker_up", ())] == 0
    assert not any(name == "walletdesk_celery_queue_length" for name, _ in down)


def test_every_alert_rule_names_exported_metrics(
    client: Client, scrape: Callable[[], dict]
) -> None:
    client.get(reverse("complaints:home"))  # so per-request metrics have samples
    exported = {name for name, _labels in scrape()}
    rules_file = settings.BASE_DIR / "deploy" / "prometheus" / "walletdesk-alerts.yml"
    rules = yaml.safe_load(rules_file.read_text())["groups"][0]["rules"]

    # Without a broker (eager tasks) there is no broker to report on.
    brokerless = {"walletdesk_broker_up", "walletdesk_celery_queue_length"}
    for rule in rules:
        for name in re.findall(r"\b(?:walletdesk|django)_\w+", rule["expr"]):
            if settings.CELERY_TASK_ALWAYS_EAGER and name in brokerless:
                continue
            assert name in exported, f"{rule['alert']}: {name} is not exported"
