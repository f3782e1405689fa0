"""Declaring incidents in tests, through the service."""

from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from complaints.models import Ticket
from incidents.models import Incident
from incidents.services import incident_declare


def declare_transfer_outage(
    *, actor: User | None = None, started_at: datetime | None = None
) -> Incident:
    """A declared outage of failed transfers that started an hour ago."""
    return incident_declare(
        title_zh_hans="转账失败",
        title_en="Transfers failing",
        summary_zh_hans="部分转账失败 我们正在处理",
        summary_en="Some transfers fail; we are on it.",
        kinds=[Ticket.Kind.COMPLAINT],
        categories=[Ticket.Category.TRANSFER_FAILED],
        started_at=started_at or timezone.now() - timedelta(hours=1),
        actor=actor,
    )
