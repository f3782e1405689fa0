"""The ticket changelist's rows, drawn by one lean template.

The admin's result_list builds every cell through lookup_field,
display_for_value and format_html, then joins them in a template loop: about
two thirds of the list's rendering time for 50 rows. The columns here are
fixed (TicketAdmin.list_display), so each row is a handful of prepared values
laid out in the admin's own markup (ROW_HTML) inside the table of
admin/complaints/ticket/result_rows.html (bench/README.md, "The list and the
case page render less").
"""

from django.contrib.admin.views.main import ChangeList
from django.utils.html import format_html
from django.utils.safestring import SafeString
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


# One row in the admin's own markup (its cells, classes and links). format_html
# escapes every value as the template's variables did; 13 template variables a
# row were 7 % of the list's Python calls (75,786 -> 70,162 a page).
ROW_HTML = (
    '<tr><td class="action-checkbox"><input type="checkbox" name="_selected_action"'
    ' value="{}" class="action-select" aria-label="{}"></td>'
    '<th class="field-reference"><a href="{}">{}</a></th>'
    '<td class="field-customer nowrap">{}</td>'
    '<td class="field-subject"><a href="{}">{}</a></td>'
    '<td class="field-category_display">{}</td>'
    '<td class="field-status_display">{}</td>'
    '<td class="field-sla_display">{}</td>'
    '<td class="field-assignee nowrap">{}</td>'
    '<td class="field-priority_display">{}</td></tr>'
)


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


def ticket_rows(cl: ChangeList) -> list[SafeString]:
    """The page's tickets as table rows (escaped HTML), in the page's order."""
    columns: TicketColumns = cl.model_admin
    subject_column = cl.list_display[3]
    matched = callable(subject_column)
    empty = cl.model_admin.get_empty_value_display()
    select = gettext("Select this object for an action - {}")
    rows = []
    for ticket in cl.result_list:
        url = cl.url_for_result(ticket)
        rows.append(
            format_html(
                ROW_HTML,
                ticket.pk,
                select.format(ticket),
                url,
                ticket.reference,
                str(ticket.customer),
                url,
                subject_column(ticket) if matched else ticket.subject,
                CATEGORY_LABELS.get(ticket.category),
                columns.status_display(ticket),
                columns.sla_display(ticket),
                str(ticket.assignee) if ticket.assignee_id else empty,
                PRIORITY_LABELS.get(ticket.priority),
            )
        )
    return rows
