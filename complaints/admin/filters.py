"""One-click ticket views for the changelist."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Ticket

# "Due soon": open tickets whose resolve-by date falls within this window.
DUE_SOON = timedelta(days=2)


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
        now = timezone.now()
        if view == "mine":
            return queryset.open().filter(assignee=request.user)
        if view == "unassigned":
            return queryset.open().filter(assignee__isnull=True)
        if view == "due_soon":
            return queryset.open().filter(
                resolve_by__gte=now, resolve_by__lt=now + DUE_SOON
            )
        if view == "breached":
            return queryset.open().filter(resolve_by__lt=now)
        return queryset
