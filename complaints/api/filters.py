"""Filters and ordering of the staff ticket list."""

from datetime import date, datetime, time

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request
from rest_framework.views import APIView

from complaints.models import Ticket
from complaints.search import narrowed_by, ticket_search
from complaints.selectors import SlaState, ticket_filter_sla

# Dates outside this range cannot be turned into aware datetimes in every time zone.
_EARLIEST = date(1900, 1, 1)
_LATEST = date(2999, 12, 31)
_MAX_ID = 2**63 - 1
SEARCH_MAX_CHARS = 200


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _day_start(day: date) -> datetime:
    day = min(max(day, _EARLIEST), _LATEST)
    return timezone.make_aware(datetime.combine(day, time.min))


class TicketFilter(django_filters.FilterSet):
    # A column of the ticket itself: no join, so no duplicate rows to remove.
    # (The filter's default DISTINCT made every search part select its ordering
    # too, and the parts' UNION failed: a 500 that schemathesis found.)
    status = django_filters.MultipleChoiceFilter(
        choices=Ticket.Status.choices, distinct=False
    )
    kind = django_filters.ChoiceFilter(choices=Ticket.Kind.choices)
    category = django_filters.ChoiceFilter(choices=Ticket.Category.choices)
    priority = django_filters.ChoiceFilter(choices=Ticket.Priority.choices)
    queue = django_filters.CharFilter(
        field_name="queue__slug", max_length=50, label=_("queue (slug)")
    )
    assignee = IdFilter(
        field_name="assignee_id", min_value=1, max_value=_MAX_ID, label=_("assignee id")
    )
    unassigned = django_filters.BooleanFilter(
        field_name="assignee", lookup_expr="isnull", label=_("unassigned")
    )
    received_from = django_filters.DateFilter(
        method="filter_from", field_name="received_at", label=_("received on or after")
    )
    received_to = django_filters.DateFilter(
        method="filter_to", field_name="received_at", label=_("received on or before")
    )
    resolved_from = django_filters.DateFilter(
        method="filter_from", field_name="resolved_at", label=_("resolved on or after")
    )
    resolved_to = django_filters.DateFilter(
        method="filter_to", field_name="resolved_at", label=_("resolved on or before")
    )
    sla = django_filters.ChoiceFilter(
        choices=[(state, state) for state in SlaState.CHOICES],
        method="filter_sla",
        label=_("SLA state"),
    )
    transaction = django_filters.CharFilter(
        field_name="transaction_links__transaction__reference",
        max_length=64,
        label=_("transaction reference"),
    )

    class Meta:
        model = Ticket
        fields: list[str] = []

    def filter_from(
        self, queryset: QuerySet[Ticket], name: str, value: date
    ) -> QuerySet[Ticket]:
        return queryset.filter(**{f"{name}__gte": _day_start(value)})

    def filter_to(
        self, queryset: QuerySet[Ticket], name: str, value: date
    ) -> QuerySet[Ticket]:
        following = date.fromordinal(min(value.toordinal() + 1, _LATEST.toordinal()))
        return queryset.filter(**{f"{name}__lt": _day_start(following)})

    def filter_sla(
        self, queryset: QuerySet[Ticket], name: str, value: str
    ) -> QuerySet[Ticket]:
        return ticket_filter_sla(tickets=queryset, state=value)


# The staff list's parameters that search, sort or page rather than filter.
UNNARROWING_PARAMS = frozenset({"q", "cursor", "page_size", "ordering"})


class TicketSearchFilter(BaseFilterBackend):
    """?q=: full-text search (complaints.search), best match first.

    Runs after the other filters, on the scoped and filtered list; a search
    returns one ranked page (TicketCursorPagination), so refine the words rather
    than page on.
    """

    param = "q"

    def filter_queryset(
        self, request: Request, queryset: QuerySet[Ticket], view: APIView
    ) -> QuerySet[Ticket]:
        query = request.query_params.get(self.param, "").strip()[:SEARCH_MAX_CHARS]
        if not query:
            return queryset
        narrowed = narrowed_by(request.query_params, besides=UNNARROWING_PARAMS)
        return ticket_search(
            queryset, query=query, user=request.user, narrowed=narrowed
        )

    def get_schema_operation_parameters(self, view: APIView) -> list[dict]:
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Words from the subject, description, replies or notes, a "
                        "customer's name, user name, phone, e-mail or wallet account "
                        "id, a recipient, or (part of) a ticket or transaction "
                        "reference. Returns the best matches as one page."
                    )
                ),
                "schema": {"type": "string", "maxLength": SEARCH_MAX_CHARS},
            }
        ]
