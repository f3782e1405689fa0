"""One-click ticket views for the changelist."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from complaints.models import Ticket
from complaints.selectors import SlaState, ticket_filter_sla


class QuickViewFilter(admin.SimpleListFilter):
    title = _("quick view")
    parameter_name = "view"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        return [
            ("mine", _("My open tickets")),
            ("unassigned", _("Unassigned")),
            ("due_soon", _("Due soon")),
            ("breached", _("Breached")),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Ticket]
    ) -> QuerySet[Ticket]:
        view = self.value()
        if view == "mine":
            return queryset.open().filter(assignee=request.user)
        if view == "unassigned":
            return queryset.open().filter(assignee__isnull=True)
        if view in {SlaState.DUE_SOON, SlaState.BREACHED}:
            return ticket_filter_sla(tickets=queryset, state=view)
        return queryset
