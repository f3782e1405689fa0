"""Per-process copies of configuration (config.config_cache) and the filing path."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import Queue, QueueRoute, Ticket
from complaints.routing import ROUTES
from complaints.services import ComplaintInput, ticket_create
from config import config_cache
from sla.models import Calendar, CalendarDay, RegimeProfile
from sla.setup import SLA_SETUP
from tests.factories import AgentFactory, CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _generation(cached) -> str | None:  # type: ignore[no-untyped-def]
    return cache.get(cached.key)


def test_a_change_in_the_same_transaction_is_used_at_once():
    first = Queue.objects.create(name="First", slug="first")
    route = QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, queue=first)
    assert TicketFactory().queue == first

    route.queue = Queue.objects.create(name="Second", slug="second")
    route.save()

    assert TicketFactory().queue == route.queue


def test_a_write_without_signals_is_seen_after_invalidate(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        queue = Queue.objects.create(name="First", slug="first")
        QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, queue=queue)
    assert TicketFactory().queue == queue

    # QuerySet.update sends no signal: the copy stays until invalidate() (or
    # max_age) makes every process reload.
    Queue.objects.update(is_active=False)
    assert TicketFactory().queue == queue
    ROUTES.invalidate()
    assert TicketFactory().queue is None


def test_a_committed_change_tells_every_process(django_capture_on_commit_callbacks):
    ROUTES.get()
    before = _generation(ROUTES)

    with django_capture_on_commit_callbacks(execute=True):
        Queue.objects.create(name="New", slug="new")

    assert _generation(ROUTES) not in {None, before}


def test_round_robin_bookkeeping_does_not_reload_the_routes(
    django_capture_on_commit_callbacks,
):
    queue = Queue.objects.create(
        name="RR", slug="rr", assignment=Queue.Assignment.ROUND_ROBIN
    )
    queue.agents.set(AgentFactory.create_batch(2))
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, queue=queue)
    ROUTES.invalidate()
    ROUTES.get()
    before = _generation(ROUTES)

    with django_capture_on_commit_callbacks(execute=True):
        TicketFactory()
        TicketFactory()

    assert Queue.objects.get(pk=queue.pk).last_assignee_id is not None
    assert _generation(ROUTES) == before


def test_a_queue_switched_to_manual_assigns_the_next_filing_to_nobody(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        queue = Queue.objects.create(name="Q", slug="q")
        queue.agents.set([AgentFactory()])
        QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, queue=queue)
    assert TicketFactory().assignee is not None

    with django_capture_on_commit_callbacks(execute=True):
        queue.assignment = Queue.Assignment.MANUAL
        queue.save()

    assert TicketFactory().assignee is None


def test_a_new_holiday_moves_the_next_filings_deadline():
    received = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)  # Monday, 09:00 in Shanghai
    profile = RegimeProfile.objects.get(is_default=True)
    calendar = profile.calendar
    before = TicketFactory(received_at=received).resolve_by

    # Every business day of the clock becomes a holiday: the deadline moves out.
    CalendarDay.objects.bulk_create(
        CalendarDay(calendar=calendar, date=day, name="test")
        for day in (
            datetime(2025, 3, day, tzinfo=UTC).date()
            for day in range(3, 32)
            if datetime(2025, 3, day, tzinfo=UTC).isoweekday() < 6
        )
        if not CalendarDay.objects.filter(calendar=calendar, date=day).exists()
    )
    SLA_SETUP.invalidate()
    after = TicketFactory(received_at=received).resolve_by

    assert after > before
    assert Calendar.objects.filter(pk=calendar.pk).exists()


def test_filing_reads_no_configuration_once_the_config_caches_are_warm(
    django_capture_on_commit_callbacks,
):
    customer = CustomerFactory()
    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        queue = Queue.objects.create(name="Q", slug="q")
        queue.agents.set([AgentFactory()])
        QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, queue=queue)
    TicketFactory()  # warms the routes, the SLA setup and the webhook subscriptions

    def file() -> Ticket:
        return ticket_create(
            customer=customer,
            kind=Ticket.Kind.COMPLAINT,
            category=Ticket.Category.ACCOUNT_ACCESS,
            subject="Locked out",
            description="Since this morning.",
            details=ComplaintInput(),
            client_token="a-form-load",  # as the web form sends
        )

    # A savepoint (the test's transaction is open); the customer's row lock with
    # their account status (a plain read on SQLite, which has no row locks); their ticket with this
    # client_token; their open tickets, up to the limit; the queue's
    # least-loaded active agent (its assignment mode is in the cached routes);
    # the reference upsert; the ticket, its pending rollup mark and its audit
    # event; the assignee's
    # count; the complaint details and their audit event; the search entry; the first status
    # change; the SLA clocks; their start events; the open incidents whose scope
    # it may fall in; the acknowledgement notice;
    # the release. No route, profile, calendar or webhook endpoint is read.
    # The same 19 on SQLite and PostgreSQL.
    with CaptureQueriesContext(connection) as queries:
        ticket = file()
    assert len(queries) == 19, "\n".join(q["sql"] for q in queries.captured_queries)

    assert ticket.queue == queue
    assert ticket.assignee is not None
    assert ticket.clocks.count() == 2
    assert ticket.resolve_by == ticket.clocks.get(kind="resolve").due_at


@pytest.fixture
def in_a_request():  # type: ignore[no-untyped-def]
    # The request signals' own receivers, without Django's connection handling
    # (which would close the test's transaction).
    config_cache._request_started()
    yield
    config_cache._request_finished()


def test_a_request_reads_every_generation_with_one_cache_call(
    in_a_request, monkeypatch: pytest.MonkeyPatch
) -> None:
    ROUTES.get(), SLA_SETUP.get()  # warm
    config_cache._request_finished()
    config_cache._request_started()
    calls: list[str] = []
    inside: list[bool] = []  # LocMemCache.get_many calls get once per key
    get, get_many = cache.get, cache.get_many

    def counted_get(*args: object, **kwargs: object) -> object:
        if not inside:
            calls.append("get")
        return get(*args, **kwargs)

    def counted_get_many(*args: object, **kwargs: object) -> object:
        calls.append("get_many")
        inside.append(True)
        try:
            return get_many(*args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(cache, "get", counted_get)
    monkeypatch.setattr(cache, "get_many", counted_get_many)

    ROUTES.get(), SLA_SETUP.get(), ROUTES.get()

    assert calls == ["get_many"]


@pytest.fixture
def route_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per time the cached routes load from the database."""
    loads: list[int] = []
    load = ROUTES.load
    monkeypatch.setattr(ROUTES, "load", lambda: loads.append(1) or load())
    return loads


def test_another_processs_change_applies_from_the_next_request(
    in_a_request, route_loads: list[int]
) -> None:
    loads = route_loads
    ROUTES.get()

    cache.set(ROUTES.key, "saved-by-another-process", timeout=None)
    ROUTES.get()
    assert loads == [1]

    config_cache._request_finished()
    config_cache._request_started()
    ROUTES.get()
    assert loads == [1, 1]


def test_this_requests_own_change_applies_at_once(
    in_a_request, route_loads: list[int]
) -> None:
    loads = route_loads
    ROUTES.get()

    ROUTES.invalidate()
    ROUTES.get()

    assert loads == [1, 1]


def test_outside_a_request_every_use_reads_the_generation(
    route_loads: list[int],
) -> None:
    ROUTES.get()
    cache.set(ROUTES.key, "saved-by-another-process", timeout=None)

    ROUTES.get()  # a Celery task or a management command: no request scope

    assert route_loads == [1, 1]
