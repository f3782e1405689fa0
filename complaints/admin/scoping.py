"""Admin lists of rows that carry ticket data, scoped like the ticket list."""

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from complaints.models.querysets import ticket_visibility
from sla.admin import ClockEventAdmin, TicketClockAdmin
from sla.models import ClockEvent, TicketClock


class TicketScopedAdminMixin:
    """Show only rows whose ticket the user may see (Ticket.objects.visible_to).

    ticket_path is the lookup from the admin's model to its ticket. An agent
    outside a queue sees neither its tickets nor their notices, clocks or
    decisions; supervisors and managers see everything, with no extra condition.
    """

    ticket_path: str = "ticket"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        condition = ticket_visibility(request.user, through=self.ticket_path)
        return queryset if condition is None else queryset.filter(condition)


class ScopedTicketClockAdmin(TicketScopedAdminMixin, TicketClockAdmin):
    """SLA clocks, scoped like tickets (sla knows nothing of who sees a ticket)."""


class ScopedClockEventAdmin(TicketScopedAdminMixin, ClockEventAdmin):
    ticket_path = "clock__ticket"


# sla registered the plain admins first; these replace them.
admin.site.unregister(TicketClock)
admin.site.register(TicketClock, ScopedTicketClockAdmin)
admin.site.unregister(ClockEvent)
admin.site.register(ClockEvent, ScopedClockEventAdmin)
