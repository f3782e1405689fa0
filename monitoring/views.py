"""/metrics: Prometheus text for scrapers holding the token or on the allow-list."""

import hmac
import ipaddress
import os

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from config.security import client_ip
from monitoring.gauges import ScrapeTimeCollector


def _bearer_ok(request: HttpRequest) -> bool:
    token = settings.WALLETDESK_METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(
        sent.encode(), f"Bearer {token}".encode()
    )


def _address_ok(request: HttpRequest) -> bool:
    networks = settings.WALLETDESK_METRICS_ALLOWED_IPS
    if not networks:
        return False
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def _process_metrics() -> bytes:
    """Counters and request latencies: of every process on this host, or this one."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Serve the metrics; 404 when no token or allow-list is set, 403 to others."""
    if not (
        settings.WALLETDESK_METRICS_TOKEN or settings.WALLETDESK_METRICS_ALLOWED_IPS
    ):
        raise Http404
    if not (_bearer_ok(request) or _address_ok(request)):
        return HttpResponse(status=403)
    scrape_time = CollectorRegistry(auto_describe=False)
    scrape_time.register(ScrapeTimeCollector())
    return HttpResponse(
        _process_metrics() + generate_latest(scrape_time),
        content_type=CONTENT_TYPE_LATEST,
    )
