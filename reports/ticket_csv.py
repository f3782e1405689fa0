"""The tickets dataset of the CSV export: one row per ticket of the period.

Read in chunks so a large export never sits in memory; the background export
(reports.exports) and the streamed month (reports.views) write the same rows.
"""

from collections.abc import Iterator
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connections
from django.db.models import (
    CharField,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Extract
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Ticket
from config.formats.money import money_plain
from config.replica import replica_alias
from reports import selectors
from reports.csv_export import local_text
from reports.selectors import ReportFilter

CHUNK = 2000


def _local_text_sql(field: str) -> Coalesce:
    """The stamp as local "YYYY-MM-DD HH:MM:SS" text, formatted by PostgreSQL."""
    local = Func(
        Value(timezone.get_current_timezone_name()), F(field), function="timezone"
    )
    return Coalesce(
        Func(local, Value("YYYY-MM-DD HH24:MI:SS"), function="to_char"),
        Value(""),
        output_field=CharField(),
    )


def _hours_text_sql(later: str) -> Coalesce:
    """Hours from receipt to the stamp, to 2 places (seconds rounded first)."""
    seconds = Func(
        Extract(
            ExpressionWrapper(F(later) - F("received_at"), DurationField()), "epoch"
        ),
        function="round",
    )
    return Coalesce(
        Cast(
            Func(
                ExpressionWrapper(seconds / Value(3600), DecimalField()),
                Value(2),
                function="round",
            ),
            CharField(),
        ),
        Value(""),
        output_field=CharField(),
    )


def ticket_columns() -> dict[str, object]:
    """The export's columns, in order, as text where PostgreSQL formats them.

    Formatting in the database (stamps in the site's zone, hours) keeps the
    Python side of a year's export to joining values: ≥ 50,000 rows a second.
    """
    return {
        **_ticket_fields(),
        "c_queue": Coalesce(F("queue__name"), Value(""), output_field=CharField()),
        "c_assignee": Coalesce(
            F("assignee__username"), Value(""), output_field=CharField()
        ),
        "c_received": _local_text_sql("received_at"),
        "c_acknowledged": _local_text_sql("acknowledged_at"),
        "c_resolved": _local_text_sql("resolved_at"),
        "c_ack_hours": _hours_text_sql("acknowledged_at"),
        "c_resolve_hours": _hours_text_sql("resolved_at"),
        "c_rating": Coalesce(
            Cast(F("rating"), CharField()), Value(""), output_field=CharField()
        ),
    }


def _ticket_fields() -> dict[str, object]:
    """The export's columns as plain values, for a database that formats none.

    Python formats them (_PYTHON_TEXT) into the same text as ticket_columns.
    """
    return {
        "c_reference": F("reference"),
        "c_kind": F("kind"),
        "c_category": F("category"),
        "c_channel": F("channel"),
        "c_language": F("language"),
        "c_queue": F("queue__name"),
        "c_assignee": F("assignee__username"),
        "c_status": F("status"),
        "c_received": F("received_at"),
        "c_acknowledged": F("acknowledged_at"),
        "c_resolved": F("resolved_at"),
        "c_ack_hours": ExpressionWrapper(
            F("acknowledged_at") - F("received_at"), DurationField()
        ),
        "c_resolve_hours": ExpressionWrapper(
            F("resolved_at") - F("received_at"), DurationField()
        ),
        "c_outcome": F("outcome"),
        "c_amount": F("outcome_amount"),
        "c_currency": F("outcome_currency"),
        "c_root_cause": F("root_cause"),
        "c_rating": F("rating"),
    }


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _duration_hours(value: timedelta | None) -> str:
    """As _hours_text_sql: seconds rounded first, then hours to 2 places, halves up."""
    if value is None:
        return ""
    seconds = Decimal(value.total_seconds()).quantize(Decimal(1), ROUND_HALF_UP)
    return str((seconds / 3600).quantize(Decimal("0.01"), ROUND_HALF_UP))


_PYTHON_TEXT = {
    "c_queue": _text,
    "c_assignee": _text,
    "c_received": local_text,
    "c_acknowledged": local_text,
    "c_resolved": local_text,
    "c_ack_hours": _duration_hours,
    "c_resolve_hours": _duration_hours,
    "c_rating": _text,
}


def ticket_queryset(*, filters: ReportFilter) -> "QuerySet[Ticket]":
    """The tickets received or resolved in the period, with the filters."""
    period = Q(received_at__gte=filters.start, received_at__lt=filters.end) | Q(
        resolved_at__gte=filters.start, resolved_at__lt=filters.end
    )
    return (
        selectors.tickets_filtered(filters=filters)
        # Read after the view returns (or in a task): name the replica here.
        .using(replica_alias())
        .filter(period)
    )


def ticket_rows(*, filters: ReportFilter) -> Iterator[list[object]]:
    """One row per ticket received or resolved in the period, in chunks."""
    yield [
        _("reference"),
        _("kind"),
        _("category"),
        _("channel"),
        _("language"),
        _("queue"),
        _("assignee"),
        _("status"),
        _("received at"),
        _("acknowledged at"),
        _("resolved at"),
        _("hours to acknowledge"),
        _("hours to resolve"),
        _("outcome"),
        _("refund or compensation amount"),
        _("currency"),
        _("root cause"),
        _("rating"),
    ]
    tickets = ticket_queryset(filters=filters)
    formats = connections[tickets.db].vendor == "postgresql"
    columns = ticket_columns() if formats else _ticket_fields()
    rows = (
        tickets.order_by("received_at", "pk")
        .annotate(**columns)
        .values_list(*columns)
        .iterator(chunk_size=CHUNK)
    )
    if not formats:
        texts = [_PYTHON_TEXT.get(name) for name in columns]
        rows = (
            tuple(
                value if text is None else text(value)
                for text, value in zip(texts, row, strict=True)
            )
            for row in rows
        )
    amount = 14  # the amount's column: money_plain needs its currency's places
    for row in rows:
        if row[amount] is None:
            yield [*row[:amount], "", *row[amount + 1 :]]
        else:
            yield [
                *row[:amount],
                money_plain(row[amount], row[amount + 1]),
                *row[amount + 1 :],
            ]
