from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from complaints.models import Ticket
from reports import csv_export, selectors, ticket_csv
from reports.exports import EXPIRY, ticket_exports_recent
from reports.forms import ReportFilterForm
from reports.periods import Period
from reports.selectors import Report
from reports.selectors.incidents import incident_figures
from sla.models import TicketClock

# A month of tickets streams in a second or two; longer periods go to a
# background export (reports.exports), so no request streams for long.
STREAMED_TICKETS_MAX = timedelta(days=31)


class ReportAccessMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Managers and supervisors; anyone else signed in gets 403."""

    def test_func(self) -> bool:
        return self.request.user.is_report_reader

    def filter_form(self) -> ReportFilterForm:
        return self.filter_form_from(self.request.GET)

    def filter_form_from(self, query: QueryDict) -> ReportFilterForm:
        data = query.copy()
        if not data.get("period"):
            data["period"] = Period.LAST_30_DAYS
        self.profiles = selectors.report_profiles()
        return ReportFilterForm(
            data,
            queues=selectors.report_queues(),
            agents=selectors.report_agents_choices(),
            profiles=self.profiles,
        )


def _label(day: date, granularity: str) -> str:
    return f"{day:%Y-%m}" if granularity == "month" else f"{day:%m-%d}"


def chart_data(report: Report, labels: csv_export.ProfileLabels) -> dict[str, object]:
    """What the charts draw, labels translated here so the script holds no words."""
    kinds = dict(Ticket.Kind.choices)
    outcomes = dict(Ticket.Outcome.choices)
    causes = dict(Ticket.RootCause.choices)
    # Per profile, each band's share (%) by the label shown: one series a label.
    band_shares = [
        {
            labels.band(band.profile_id, label): round(share * 100, 1)
            for label, _n, share in band.counts
        }
        for band in report.bands
    ]
    return {
        "trend": {
            "labels": [
                _label(day, report.trend_granularity) for day, _k, _r in report.trend
            ],
            "stacks": [
                {
                    "label": str(kinds[kind]),
                    "data": [by_kind[kind] for _d, by_kind, _r in report.trend],
                }
                for kind in Ticket.Kind.values
            ],
            "line": {
                "label": _("Resolved"),
                "data": [resolved for _d, _k, resolved in report.trend],
            },
            "axis": _("Tickets"),
        },
        "outcomes": {
            "labels": [str(outcomes[outcome]) for outcome, _c in report.outcomes],
            "data": [count for _o, count in report.outcomes],
            "label": _("Tickets resolved"),
        },
        "backlog": {
            "labels": [csv_export.age_label(bucket) for bucket, _c in report.backlog],
            "data": [count for _b, count in report.backlog],
            "label": _("Open tickets"),
        },
        "pareto": {
            "labels": [
                str(causes.get(cause, cause)) if cause else _("Not recorded")
                for cause, _c, _s in report.root_causes
            ],
            "data": [count for _c, count, _s in report.root_causes],
            "cumulative": [
                round(share * 100, 1) for _c, _n, share in report.root_causes
            ],
            "label": _("Tickets"),
            "cumulativeLabel": _("Cumulative %"),
        },
        "bands": {
            "labels": [labels.names[band.profile_id] for band in report.bands],
            "series": [
                {
                    "label": shown,
                    "data": [shares.get(shown, 0) for shares in band_shares],
                }
                for shown in dict.fromkeys(
                    shown for shares in band_shares for shown in shares
                )
            ],
            "axis": _("Share closed (%)"),
        },
    }


def table_rows(
    report: Report, labels: csv_export.ProfileLabels
) -> dict[str, list[tuple[object, ...]]]:
    """The page's tables with their labels and shares."""
    outcomes = dict(Ticket.Outcome.choices)
    causes = dict(Ticket.RootCause.choices)
    clocks = dict(TicketClock.Kind.choices)
    return {
        "outcome_rows": [
            (outcome, outcomes[outcome], count, selectors.share(count, report.resolved))
            for outcome, count in report.outcomes
        ],
        "rating_rows": [
            (stars, count, selectors.share(count, report.rated))
            for stars, count in report.ratings
        ],
        "breach_rows": [
            (kind, clocks.get(kind, kind), due, breached, rate)
            for kind, due, breached, rate in report.breaches
        ],
        "band_rows": [
            (
                labels.names[band.profile_id],
                band.total,
                [
                    (labels.band(band.profile_id, label), count, share)
                    for label, count, share in band.counts
                ],
            )
            for band in report.bands
        ],
        "cause_rows": [
            (
                cause,
                causes.get(cause, cause) if cause else _("Not recorded"),
                count,
                cumulative,
            )
            for cause, count, cumulative in report.root_causes
        ],
    }


class ReportView(ReportAccessMixin, TemplateView):
    """The manager reports page: figures and charts for a period and filters."""

    template_name = "reports/report.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        context["form"] = form
        if form.is_valid():
            report = selectors.report_get(
                filters=form.filters(), profiles=self.profiles, now=timezone.now()
            )
            context["report"] = report
            seconds = settings.WALLETDESK_REPORT_CACHE_SECONDS
            context["cache_minutes"] = max(1, round(seconds / 60)) if seconds else 0
            labels = csv_export.profile_labels(self.profiles)
            context["charts"] = chart_data(report, labels)
            context.update(table_rows(report, labels))
            context["export_query"] = self.request.GET.urlencode()
            context["incident_figures"] = incident_figures(
                start=form.filters().start, end=form.filters().end
            )
        # The exports show whatever the filters: a running one is polled.
        context["exports"] = ticket_exports_recent(user=self.request.user)
        context["export_expiry_days"] = EXPIRY.days
        context["now"] = timezone.now()
        return context


class ReportExportView(ReportAccessMixin, View):
    """/reports/export.csv: the page's figures, or its tickets, as a streamed CSV."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.filter_form()
        if not form.is_valid():
            errors = "; ".join(
                str(error)
                for field_errors in form.errors.values()
                for error in field_errors
            )
            return HttpResponse(
                errors, status=400, content_type="text/plain; charset=utf-8"
            )
        filters = form.filters()
        dataset = request.GET.get("dataset", "figures")
        if dataset == "tickets":
            if filters.end - filters.start > STREAMED_TICKETS_MAX:
                return HttpResponse(
                    _(
                        "Tickets of a period longer than %(days)d days are exported "
                        "in the background: use Export tickets (CSV) on the reports "
                        "page."
                    )
                    % {"days": STREAMED_TICKETS_MAX.days},
                    status=400,
                    content_type="text/plain; charset=utf-8",
                )
            rows = ticket_csv.ticket_rows(filters=filters)
        elif dataset == "figures":
            report = selectors.report_get(
                filters=filters, profiles=self.profiles, now=timezone.now()
            )
            rows = csv_export.figure_rows(
                report, csv_export.profile_labels(self.profiles)
            )
        else:
            return HttpResponse(
                _("Unknown dataset: choose figures or tickets."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        first = form.cleaned_data["start"]
        last = form.cleaned_data["end"]
        response = StreamingHttpResponse(
            csv_export.csv_stream(rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="walletdesk-{dataset}-{first:%Y%m%d}-{last:%Y%m%d}.csv"'
        )
        return response
