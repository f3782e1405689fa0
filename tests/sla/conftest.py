"""SLA fixtures: the shipped defaults, a movable clock and a ticket filer."""

from collections.abc import Callable
from datetime import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from complaints.models import Ticket
from sla.models import ProfileAssignment, RegimeProfile
from tests.factories import TicketFactory


class MovableNow:
    """timezone.now() pinned to a settable instant."""

    def __init__(self) -> None:
        self.value: datetime | None = None

    def __call__(self) -> datetime:
        assert self.value is not None
        return self.value

    def set(self, instant: datetime) -> datetime:
        if timezone.is_naive(instant):
            raise ValueError("Use an aware datetime.")
        self.value = instant
        return instant


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> MovableNow:
    movable = MovableNow()
    monkeypatch.setattr(timezone, "now", movable)
    return movable


FileTicket = Callable[..., Ticket]


@pytest.fixture
def file_ticket(now: MovableNow) -> FileTicket:
    """File a complaint received at an instant under a profile (by kind assignment)."""

    def file(
        *,
        received_at: datetime,
        profile: str = "baseline",
        assignee: User | None = None,
    ) -> Ticket:
        ProfileAssignment.objects.update_or_create(
            queue=None,
            kind=Ticket.Kind.COMPLAINT,
            category="",
            defaults={"profile": RegimeProfile.objects.get(code=profile)},
        )
        now.set(received_at)
        ticket = TicketFactory(received_at=received_at)
        if assignee is not None:
            Ticket.objects.filter(pk=ticket.pk).update(assignee=assignee)
            ticket.assignee = assignee
        return ticket

    return file
