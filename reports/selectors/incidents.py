"""Incident figures of a period: declared, linked tickets, delays, deflections."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from complaints.models import IncidentLink
from incidents.models import Incident, IncidentDeflection


@dataclass(frozen=True)
class IncidentFigures:
    incidents: int
    linked: int
    deflections: int
    declare_after_spike: timedelta | None
    time_to_resolve: timedelta | None

    @property
    def declare_minutes(self) -> int | None:
        return _minutes(self.declare_after_spike)

    @property
    def resolve_minutes(self) -> int | None:
        return _minutes(self.time_to_resolve)


def _minutes(span: timedelta | None) -> int | None:
    return None if span is None else round(span.total_seconds() / 60)


def _count(model: type, field: str = "incident") -> Coalesce:
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def incident_figures(*, start: datetime, end: datetime) -> IncidentFigures:
    """Incidents that started in [start, end): one aggregate query.

    Linked tickets and deflections are those of these incidents; the time to
    declare is from the spike alert to the declaration (declared from an alert
    only), the time to resolve from the start to the resolution (resolved only).
    """
    figures = (
        Incident.objects.filter(started_at__gte=start, started_at__lt=end)
        .annotate(
            linked_count=_count(IncidentLink),
            deflected_count=_count(IncidentDeflection),
        )
        .aggregate(
            incidents=Count("pk"),
            linked=Coalesce(Sum("linked_count"), 0),
            deflections=Coalesce(Sum("deflected_count"), 0),
            declare_after_spike=Avg(
                ExpressionWrapper(
                    F("declared_at") - F("spike_detected_at"),
                    output_field=DurationField(),
                )
            ),
            time_to_resolve=Avg(
                ExpressionWrapper(
                    F("resolved_at") - F("started_at"), output_field=DurationField()
                )
            ),
        )
    )
    return IncidentFigures(**figures)
