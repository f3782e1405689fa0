"""The ticket workspace: changelist, search, scope and triage edits.

The case page and its workflow buttons are in case_page and case_actions.
"""

import re
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet, Value
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from complaints.admin.bulk import (
    add_note,
    assign_to,
    assign_to_me,
    move_action,
    resume,
    wait_on_third_party,
)
from complaints.admin.case_page import TicketCasePage
from complaints.admin.case_parts import TicketCaseParts
from complaints.admin.columns import (
    TicketColumns,
    list_display_index,
    matched_subject,
)
from complaints.admin.filters import QuickViewFilter
from complaints.admin.forms import PlainModelChoiceField, TicketWorkspaceForm
from complaints.admin.phone_tickets import PhoneTicketFiling
from complaints.admin.queue_choices import QueueChoiceField, QueueListFilter
from complaints.models import Ticket, TicketHold
from complaints.search import narrowed_by, ticket_search
from complaints.services import ticket_triage_update
from config.admin_paging import BoundedPagingAdmin, ranked_paginator
from config.replica import replica_alias

_REFERENCE = re.compile(r"^WD-\d{4}-\d{6}$", re.IGNORECASE)
# What the case page's head and panels read (the transactions of a refund or
# an inquiry are the linked transactions, read with their snapshots).
CASE_RELATED = (
    "customer",
    "queue",
    "assignee",
    "complaint_detail",
    "refund_request__duplicate_of",
    "refund_request__decision__decided_by",
    "refund_request__decision__approved_by",
    "cancellation_inquiry",
)


def ranked_by_match(request: HttpRequest) -> bool:
    """A search lists its best matches first, unless the agent sorts by a column."""
    searching = bool(request.GET.get(SEARCH_VAR, "").strip())
    return searching and ORDER_VAR not in request.GET


@admin.register(Ticket)
class TicketAdmin(
    PhoneTicketFiling,
    TicketCaseParts,
    TicketCasePage,
    TicketColumns,
    BoundedPagingAdmin,
    admin.ModelAdmin,
):
    form = TicketWorkspaceForm
    # Laid out for a 1280 px screen: what an agent scans first, each on one line
    # (workspace.css); kind follows from the category, the queue and dates from
    # the filters and the SLA column. Fewer cells also render faster.
    list_display = (
        "reference",
        "customer",
        "subject",
        "category_display",
        "status_display",
        "sla_display",
        "assignee",
        "priority_display",
    )
    list_display_links = ("reference", "subject")
    list_filter = (
        QuickViewFilter,
        "status",
        "kind",
        "category",
        "priority",
        ("queue", QueueListFilter),
        "channel",
        "language",
    )
    # An agent works the top of a view sorted by what is most urgent (the quick
    # views, SLA left): 25 rows is what a 1280 x 800 screen shows without
    # scrolling, and what peers page by (django-helpdesk 25, Zendesk and
    # Freshdesk 30). Half the rows of 50 is also a third less of the list's
    # rendering (bench/README.md, "The list and the case page render less").
    list_per_page = 25
    show_full_result_count = False
    # Facet counts run one COUNT per filter over the whole table.
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("reference",)  # the lookups are in get_search_results
    search_help_text = _(
        "Words from the subject, description or replies (Chinese or English), "
        "a customer's name, user name, phone, e-mail or wallet account id, a "
        "recipient, or a ticket or transaction reference (or part of one)."
    )
    actions = [
        assign_to_me,
        assign_to,
        move_action(Ticket.Status.ACKNOWLEDGED, _("Acknowledge")),
        move_action(Ticket.Status.INVESTIGATING, _("Start investigating")),
        wait_on_third_party,
        resume,
        add_note,
    ]
    fieldsets = (
        (_("Triage"), {"fields": ("priority", "queue", "root_cause", "version")}),
    )

    class Media:
        css = {"all": ("admin_workspace/workspace.css",)}
        js = ("admin_workspace/workspace.js",)

    # Queries and scope ------------------------------------------------------

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        # The triage form's queue from the held list (queue_choices); other
        # choices with one plain query, not a server-side cursor.
        kwargs.setdefault(
            "form_class",
            QueueChoiceField if db_field.name == "queue" else PlainModelChoiceField,
        )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ticket]:
        on_hold = TicketHold.objects.filter(
            ticket=OuterRef("pk"), ended_at__isnull=True
        )
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .with_sla_flags()
            .annotate(on_hold=Exists(on_hold))
        )

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Ticket | None:
        # The case page reads the breached flag, not the list's paused and
        # on-hold columns (two correlated subqueries fewer to compile and plan).
        try:
            return (
                super()
                .get_queryset(request)
                .visible_to(request.user)
                .with_sla_flags(paused=False)
                .select_related(*CASE_RELATED)
                .get(pk=object_id)
            )
        except (Ticket.DoesNotExist, ValueError, ValidationError):
            return None

    def get_paginator(
        self,
        request: HttpRequest,
        queryset: QuerySet[Ticket],
        per_page: int,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        # The history page pages log entries through here too.
        if not ranked_by_match(request) or queryset.model is not Ticket:
            return super().get_paginator(request, queryset, per_page)

        # A search ranked best first (get_search_results): the page reads its
        # own rows, from the same database, still within the agent's scope.
        def rows(ids: Any) -> QuerySet[Ticket]:
            scoped = self.get_queryset(request).using(queryset.db)
            return self.list_rows(scoped.filter(pk__in=ids), searching=True)

        return ranked_paginator(request, queryset, per_page, rows=rows)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Ticket], search_term: str
    ) -> tuple[QuerySet[Ticket], bool]:
        """Full-text search (complaints.search), best match first.

        "WD-…" is a ticket reference, looked up exactly; anything else searches
        subjects, descriptions, replies, notes (for staff who may read them),
        the customer's name, user name, phone, e-mail and wallet account id,
        recipients and transaction references. Runs on the list's filtered,
        scoped queryset.
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        # A search may read a moment-old copy: the replica, when there is one.
        queryset = queryset.using(replica_alias())
        if _REFERENCE.match(term):
            return queryset.filter(reference=term.upper()).annotate(
                search_rank=Value(1.0)
            ), False
        narrowed = narrowed_by(request.GET, besides=(SEARCH_VAR, ORDER_VAR, PAGE_VAR))
        return ticket_search(
            queryset,
            query=term,
            user=request.user,
            by_rank=ranked_by_match(request),
            narrowed=narrowed,
        ), False

    def get_list_display(self, request: HttpRequest) -> tuple[Any, ...]:
        query = request.GET.get(SEARCH_VAR, "").strip()
        if not query:
            return self.list_display
        return tuple(
            matched_subject(query) if column == "subject" else column
            for column in self.list_display
        )

    def get_list_display_links(
        self, request: HttpRequest, list_display: Any
    ) -> tuple[Any, ...]:
        return ("reference", list_display[list_display_index(list_display)])

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tickets are filed through ticket_create (portal, API, seed)

    def has_delete_permission(
        self, request: HttpRequest, obj: Ticket | None = None
    ) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Ticket, form: Any, change: bool
    ) -> None:
        """Triage edits go through the service that audits them and re-plans clocks."""
        ticket_triage_update(
            ticket=obj,
            actor=request.user,
            priority=form.cleaned_data["priority"],
            queue=form.cleaned_data["queue"],
            root_cause=form.cleaned_data["root_cause"],
        )
