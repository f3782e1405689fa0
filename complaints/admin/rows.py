"""The ticket changelist's rows, drawn by one lean template.

The admin's result_list builds every cell through lookup_field,
display_for_value and format_html, then joins them in a template loop: about
two thirds of the list's rendering time for 50 rows. The columns here are
fixed (TicketAdmin.list_display), so each row is a handful of prepared values
that admin/complaints/ticket/result_rows.html lays out in the admin's own
markup (bench/README.md, "The list and the case page render less").
"""

from dataclasses import dataclass

from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext

from complaints.admin.columns import (
    CATEGORY_LABELS,
    PRIORITY_LABELS,
    TicketColumns,
)

# The columns result_rows.html draws, in TicketAdmin.list_display's order.
LEAN_COLUMNS = (
    "action_checkbox",
    "reference",
    "customer",
    "subject",
    "category_display",
    "status_display",
    "sla_display",
    "assignee",
    "priority_display",
)


@dataclass(frozen=True, slots=True)
class TicketRow:
    pk: int
    url: str
    select_label: str
    reference: str
    customer: str
    subject: str
    category: str
    status: str
    sla: str
    assignee: str
    priority: str


def lean_rows_apply(cl: ChangeList) -> bool:
    """Whether result_rows.html can draw this list (else the admin's result_list).

    A popup (raw id look-ups) or a changed column set falls back to the admin's
    own drawing, which handles every case.
    """
    names = tuple(getattr(column, "__name__", column) for column in cl.list_display)
    return (
        names == LEAN_COLUMNS
        and tuple(cl.list_display_links) == ("reference", cl.list_display[3])
        and not cl.is_popup
        and cl.formset is None
        and isinstance(cl.model_admin, TicketColumns)
    )


def ticket_rows(cl: ChangeList) -> list[TicketRow]:
    """The page's tickets as rows of display values, in the page's order."""
    columns: TicketColumns = cl.model_admin
    subject_column = cl.list_display[3]
    matched = callable(subject_column)
    empty = cl.model_admin.get_empty_value_display()
    select = gettext("Select this object for an action - {}")
    rows = []
    for ticket in cl.result_list:
        rows.append(
            TicketRow(
                pk=ticket.pk,
                url=cl.url_for_result(ticket),
                select_label=select.format(ticket),
                reference=ticket.reference,
                customer=str(ticket.customer),
                subject=subject_column(ticket) if matched else ticket.subject,
                category=CATEGORY_LABELS.get(ticket.category),
                status=columns.status_display(ticket),
                sla=columns.sla_display(ticket),
                assignee=str(ticket.assignee) if ticket.assignee_id else empty,
                priority=PRIORITY_LABELS.get(ticket.priority),
            )
        )
    return rows
