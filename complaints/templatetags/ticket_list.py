"""The ticket changelist's result table: lean rows, the admin's own headers."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_list
from django.contrib.admin.views.main import ChangeList

from complaints.admin.rows import lean_rows_apply, ticket_rows

register = template.Library()


@register.inclusion_tag("admin/complaints/ticket/result_rows.html")
def ticket_result_list(cl: ChangeList) -> dict[str, object]:
    """The table of admin/change_list_results.html, with rows from ticket_rows."""
    if not lean_rows_apply(cl):
        return {**result_list(cl), "rows": None}
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_headers": headers,
        "num_sorted_fields": sum(
            1 for header in headers if header["sortable"] and header["sorted"]
        ),
        "rows": ticket_rows(cl),
    }
