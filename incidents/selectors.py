"""Incident reads: what the portal, the status page and the API show."""

from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from incidents.models import Incident, IncidentUpdate

RECENT_DAYS = 14


def _with_updates(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    return incidents.prefetch_related(
        Prefetch(
            "updates", queryset=IncidentUpdate.objects.order_by("-created_at", "-pk")
        )
    )


def incidents_open() -> QuerySet[Incident]:
    """Incidents not yet resolved, newest first, with their public updates."""
    return _with_updates(
        Incident.objects.exclude(state=Incident.State.RESOLVED).order_by(
            "-started_at", "-pk"
        )
    )


def incidents_public(*, now: datetime | None = None) -> QuerySet[Incident]:
    """Open incidents and those resolved in the last RECENT_DAYS days (status page)."""
    since = (now or timezone.now()) - timedelta(days=RECENT_DAYS)
    return _with_updates(
        Incident.objects.filter(
            ~Q(state=Incident.State.RESOLVED) | Q(resolved_at__gte=since)
        ).order_by("-started_at", "-pk")
    )


def incidents_open_for(*, kind: str = "", category: str = "") -> list[Incident]:
    """Open incidents a filing form of this kind (and category) should show.

    An incident scoped only by transaction type is shown on every form.
    """
    return [
        incident
        for incident in incidents_open()
        if (not kind or not incident.kinds or kind in incident.kinds)
        and (not category or not incident.categories or category in incident.categories)
    ]


def incidents_matching(
    *, kind: str, category: str, transaction_types: list[str], at: datetime
) -> list[Incident]:
    """Open incidents that started by at and whose scope covers such a ticket."""
    candidates = Incident.objects.exclude(state=Incident.State.RESOLVED).filter(
        started_at__lte=at
    )
    return [
        incident
        for incident in candidates.order_by("-started_at", "-pk")
        if incident.covers(
            kind=kind, category=category, transaction_types=transaction_types
        )
    ]
