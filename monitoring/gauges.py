"""Figures read at scrape time: the outboxes' backlog, breached clocks, queue lengths.

Each is one cheap query on a partial index (or one Redis command per queue), so a
scrape every 15 s costs the database three small index scans.
"""

from collections.abc import Iterator

from celery.exceptions import CeleryError
from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from kombu.exceptions import ChannelError, OperationalError
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from config import celery_app


def _outbox_models() -> dict[str, type]:
    from complaints.models import Notice
    from integrations.models import WebhookDelivery

    return {"notice": Notice, "webhook": WebhookDelivery}


def queue_lengths() -> dict[str, int] | None:
    """Messages waiting in each Celery queue; None when the broker cannot be reached."""
    lengths: dict[str, int] = {}
    try:
        with celery_app.connection_for_read() as connection:
            channel = connection.default_channel
            for name in sorted(celery_app.amqp.queues):
                try:
                    declared = channel.queue_declare(queue=name, passive=True)
                except ChannelError:  # no message was ever queued there
                    lengths[name] = 0
                else:
                    lengths[name] = declared.message_count
    except (OSError, OperationalError, CeleryError):
        return None
    return lengths


class ScrapeTimeCollector(Collector):
    """Gauges computed when /metrics is read, never stored."""

    def collect(self) -> Iterator[Metric]:
        unsent = GaugeMetricFamily(
            "walletdesk_outbox_unsent",
            "Outbox rows neither sent nor given up on.",
            labels=["outbox"],
        )
        oldest = GaugeMetricFamily(
            "walletdesk_outbox_oldest_unsent_age_seconds",
            "Age of the oldest unsent outbox row (0 when none is waiting).",
            labels=["outbox"],
        )
        now = timezone.now()
        for outbox, model in _outbox_models().items():
            # The condition of the partial indexes notice_unsent_idx and
            # webhookdelivery_unsent_idx: only waiting rows are read.
            backlog = model.objects.filter(
                sent_at__isnull=True, failed_at__isnull=True
            ).aggregate(rows=Count("*"), oldest=Min("created_at"))
            unsent.add_metric([outbox], backlog["rows"])
            age = (now - backlog["oldest"]).total_seconds() if backlog["oldest"] else 0
            oldest.add_metric([outbox], max(age, 0.0))
        yield unsent
        yield oldest

        from sla.models import TicketClock

        yield GaugeMetricFamily(
            "walletdesk_sla_clocks_breached",
            "Running SLA clocks past their due time (ticketclock_breached_idx).",
            value=TicketClock.objects.filter(
                breached_at__isnull=False, stopped_at__isnull=True
            ).count(),
        )

        if settings.CELERY_TASK_ALWAYS_EAGER:
            return  # no broker: tasks run in the web process
        lengths = queue_lengths()
        yield GaugeMetricFamily(
            "walletdesk_broker_up",
            "Whether the Celery broker answered this scrape.",
            value=0 if lengths is None else 1,
        )
        if lengths is not None:
            queues = GaugeMetricFamily(
                "walletdesk_celery_queue_length",
                "Tasks waiting in each Celery queue (not yet taken by a worker).",
                labels=["queue"],
            )
            for name, length in lengths.items():
                queues.add_metric([name], length)
            yield queues
