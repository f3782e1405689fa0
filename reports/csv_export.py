"""CSV export of the reports: UTF-8 with a BOM, streamed row by row.

Two datasets with the page's filters: "figures" (every figure on the page, one per
row) and "tickets" (one row per ticket received or resolved in the period, read
in chunks so a large export never sits in memory).
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Ticket
from config.formats.money import money_plain
from reports import selectors
from reports.selectors import Report
from sla.bands import band_labels
from sla.models import RegimeProfile, TicketClock

BOM = "\ufeff"
CHUNK = 2000
STREAM_ROWS = 500


class _Echo:
    """A file-like object whose write returns the line: csv.writer into a stream."""

    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The BOM, then the rows as CSV lines, STREAM_ROWS lines to a chunk.

    One chunk per row made the server write (and the client read) half a
    million tiny pieces for a year of tickets.
    """
    writer = csv.writer(_Echo())
    yield BOM
    lines: list[str] = []
    for row in rows:
        lines.append(writer.writerow(row))
        if len(lines) >= STREAM_ROWS:
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def hours(seconds: int | None) -> str:
    return "" if seconds is None else f"{Decimal(seconds) / 3600:.2f}"


def percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}"


def age_key(bucket: tuple[int, int | None]) -> str:
    lower, upper = bucket
    return f"{lower}-{upper}d" if upper is not None else f"{lower}d+"


def age_label(bucket: tuple[int, int | None]) -> str:
    lower, upper = bucket
    if upper is None:
        return _("%(days)d days or more") % {"days": lower}
    return _("%(lower)d to %(upper)d days") % {"lower": lower, "upper": upper}


def local_text(moment: datetime | None, zone: tzinfo | None = None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(zone or timezone.get_current_timezone()).strftime(
        "%Y-%m-%d %H:%M:%S"
    )


@dataclass(frozen=True)
class ProfileLabels:
    """The SLA profiles' names and their time bands' labels in the active
    language. A report's time bands name their profile by id and each band by
    its stored label (sla.bands), so one cached report serves both languages."""

    names: dict[int, str]
    bands: dict[int, dict[str, str]]

    def band(self, profile_id: int, label: str) -> str:
        """A band's label as shown; a label the profile no longer has, as stored."""
        return self.bands.get(profile_id, {}).get(label, label)


def profile_labels(profiles: Iterable[RegimeProfile]) -> ProfileLabels:
    profiles = list(profiles)
    return ProfileLabels(
        names={profile.pk: str(profile) for profile in profiles},
        bands={profile.pk: band_labels(profile.time_bands) for profile in profiles},
    )


def figure_rows(report: Report, labels: ProfileLabels) -> Iterator[list[object]]:
    """Every figure of the report: section, item, label, value, share (%)."""
    outcome_labels = dict(Ticket.Outcome.choices)
    clock_labels = dict(TicketClock.Kind.choices)
    cause_labels = dict(Ticket.RootCause.choices)
    filters = report.filters
    yield [_("section"), _("item"), _("label"), _("value"), _("share (%)")]
    yield ["period", "start", _("From"), local_text(filters.start), ""]
    yield ["period", "end", _("Until (exclusive)"), local_text(filters.end), ""]
    for item, label, value in (
        ("received", _("Received"), report.received),
        ("resolved", _("Resolved"), report.resolved),
        ("open_start", _("Open at start"), report.open_start),
        ("open_end", _("Open at end"), report.open_end),
    ):
        yield ["volume", item, label, value, ""]
    for section, values in (
        ("time_to_acknowledge", report.ack_seconds),
        ("time_to_resolve", report.resolve_seconds),
    ):
        yield [section, "median_hours", _("Median (hours)"), hours(values[0.5]), ""]
        yield [
            section,
            "p90_hours",
            _("90th percentile (hours)"),
            hours(values[0.9]),
            "",
        ]
    for band in report.bands:
        for label, count, share in band.counts:
            yield [
                "time_band",
                f"{band.profile_id}:{label}",
                f"{labels.names[band.profile_id]} · "
                f"{labels.band(band.profile_id, label)}",
                count,
                percent(share),
            ]
    for kind, due, breached, rate in report.breaches:
        label = str(clock_labels.get(kind, kind))
        yield ["sla_breach", f"{kind}:due", label, due, ""]
        yield ["sla_breach", f"{kind}:breached", label, breached, percent(rate)]
    for outcome, count in report.outcomes:
        yield [
            "outcome",
            outcome,
            str(outcome_labels[outcome]),
            count,
            percent(selectors.share(count, report.resolved)),
        ]
    for currency, total, tickets in report.refunds:
        yield [
            "refund",
            f"{currency}:amount",
            currency,
            money_plain(total, currency),
            "",
        ]
        yield ["refund", f"{currency}:tickets", currency, tickets, ""]
    # Apart from the decided amounts: what the wallet core confirmed it paid.
    for currency, total, payouts in report.payouts:
        yield [
            "payout_confirmed",
            f"{currency}:amount",
            currency,
            money_plain(total, currency),
            "",
        ]
        yield ["payout_confirmed", f"{currency}:payouts", currency, payouts, ""]
    yield ["reopen", "resolutions", _("Tickets resolved"), report.resolutions, ""]
    yield [
        "reopen",
        "reopened",
        _("Reopened afterwards"),
        report.reopened,
        percent(report.reopen_rate),
    ]
    yield [
        "satisfaction",
        "rated",
        _("Rated"),
        report.rated,
        percent(report.response_rate),
    ]
    yield [
        "satisfaction",
        "average",
        _("Average rating"),
        "" if report.rating_avg is None else f"{report.rating_avg:.2f}",
        "",
    ]
    for rating, count in report.ratings:
        yield [
            "satisfaction",
            f"rating_{rating}",
            _("%(stars)d stars") % {"stars": rating},
            count,
            percent(selectors.share(count, report.rated)),
        ]
    for bucket, count in report.backlog:
        yield [
            "backlog_age",
            age_key(bucket),
            age_label(bucket),
            count,
            percent(selectors.share(count, report.open_end)),
        ]
    for cause, count, cumulative in report.root_causes:
        label = str(cause_labels.get(cause, cause)) if cause else _("Not recorded")
        yield ["root_cause", cause or "none", label, count, percent(cumulative)]
    for agent in report.agents:
        prefix = f"{agent.agent_id}"
        yield ["agent", f"{prefix}:open_end", agent.name, agent.open_end, ""]
        yield ["agent", f"{prefix}:resolved", agent.name, agent.resolved, ""]
        yield [
            "agent",
            f"{prefix}:median_resolve_hours",
            agent.name,
            hours(agent.median_resolve_seconds),
            "",
        ]
        yield ["agent", f"{prefix}:upheld", agent.name, "", percent(agent.upheld_share)]
        yield [
            "agent",
            f"{prefix}:rating_avg",
            agent.name,
            "" if agent.rating_avg is None else f"{agent.rating_avg:.2f}",
            "",
        ]
    per_thousand = report.per_thousand_transactions
    yield ["transactions", "occurred", _("Transactions"), report.transactions, ""]
    yield [
        "transactions",
        "tickets_per_1000",
        _("Tickets per 1,000 transactions"),
        "" if per_thousand is None else f"{per_thousand:.2f}",
        "",
    ]
    for day, by_kind, resolved in report.trend:
        for kind, count in by_kind.items():
            yield [
                "trend",
                f"{day:%Y-%m-%d}:received:{kind}",
                str(Ticket.Kind(kind).label),
                count,
                "",
            ]
        yield ["trend", f"{day:%Y-%m-%d}:resolved", _("Resolved"), resolved, ""]
    for alert in report.alerts:
        yield [
            "spike_alert",
            f"{alert.rule_id}:{alert.key}:{local_text(alert.window_start)}",
            f"{alert.rule.display_name} · {alert.key_label}",
            alert.count,
            "",
        ]
