"""The ticket changelist's columns, each rendered without a template per cell.

The changelist draws 50 rows of a dozen cells on every page view. Django's
defaults render the action checkbox through a widget template, look choice
labels up by rebuilding a dict of the field's choices for every cell and resolve
the change page's URL for every linked cell; these produce the same markup from
prepared strings (bench/README.md, "Changelist").
"""

from collections.abc import Iterable
from functools import cached_property

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from complaints.highlight import highlight, snippet
from complaints.models import Ticket
from sla.admin import deadline_text


class ChoiceLabels:
    """A choice field's labels, translated once per language, not once per cell.

    A lazy label costs a catalogue look-up each time it is compared or turned
    into text, and the admin's display_for_value compares every cell's value
    with five empty values first: about 1,200 look-ups a page.
    """

    def __init__(self, choices: Iterable[tuple[str, str]]) -> None:
        self._choices = dict(choices)
        self._by_language: dict[str | None, dict[str, str]] = {}

    def get(self, value: str) -> str:
        language = get_language()
        labels = self._by_language.get(language)
        if labels is None:
            labels = {key: str(label) for key, label in self._choices.items()}
            self._by_language[language] = labels
        return labels.get(value, value)


KIND_LABELS = ChoiceLabels(Ticket.Kind.choices)
CATEGORY_LABELS = ChoiceLabels(Ticket.Category.choices)
PRIORITY_LABELS = ChoiceLabels(Ticket.Priority.choices)
STATUS_LABELS = ChoiceLabels(Ticket.Status.choices)


# The ticket's fields the rows draw (rows.ticket_rows, and the admin's
# result_list for the same columns), with the customer's and assignee's names
# from their joined rows. The page reads these alone
# (TicketChangeList.get_results), not every column of the ticket and of two
# users for each of a search's 300 candidates.
ROW_FIELDS = (
    "reference",
    "subject",
    "category",
    "status",
    "priority",
    "resolve_by",
    "customer",
    "customer__username",
    "customer__first_name",
    "customer__last_name",
    "assignee",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)
# While searching, the subject column shows a snippet of the description
# (matched_subject).
SEARCH_ROW_FIELDS = (*ROW_FIELDS, "description")


class TicketChangeList(ChangeList):
    """Builds the change page's URL once per page, not once per linked cell.

    With a filter or quick view on, the admin adds it to each row's two links
    (so that saving a case returns to the same list) by resolving each link's
    URL to check that it is not the changelist's own: 100 resolves a page, for
    the same answer. The query is added here, once, as the admin would.
    """

    _PLACEHOLDER = "0"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._row_query = self.preserved_filters
        self.preserved_filters = ""  # read only by the row links

    @cached_property
    def _change_url_parts(self) -> tuple[str, str]:
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(self._PLACEHOLDER,),
            current_app=self.model_admin.admin_site.name,
        )
        head, _placeholder, tail = url.rpartition(f"/{self._PLACEHOLDER}/")
        return f"{head}/", f"/{tail}"

    def get_results(self, request: HttpRequest) -> None:
        # The page reads the columns its rows draw; the count reads none.
        # Actions get the whole tickets (get_queryset).
        self.queryset = self.model_admin.list_rows(
            self.queryset, searching=bool(self.query)
        )
        super().get_results(request)

    def url_for_result(self, result: Ticket) -> str:
        head, tail = self._change_url_parts
        query = f"?{self._row_query}" if self._row_query else ""
        return f"{head}{quote(result.pk)}{tail}{query}"


class TicketColumns:
    """Mixin for TicketAdmin: the changelist class and its list_display columns."""

    list_select_related = ("customer", "assignee")

    def get_changelist(self, request: object, **kwargs: object) -> type[ChangeList]:
        return TicketChangeList

    def list_rows(self, queryset: QuerySet, *, searching: bool) -> QuerySet:
        """The list's rows: the columns they draw, with the names they show."""
        fields = SEARCH_ROW_FIELDS if searching else ROW_FIELDS
        return queryset.select_related(*self.list_select_related).only(*fields)

    def action_checkbox(self, ticket: Ticket) -> str:
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select"'
            ' aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            ticket.pk,
            gettext("Select this object for an action - {}").format(ticket),
        )

    @admin.display(description=_("kind"), ordering="kind")
    def kind_display(self, ticket: Ticket) -> str:
        return KIND_LABELS.get(ticket.kind)

    @admin.display(description=_("category"), ordering="category")
    def category_display(self, ticket: Ticket) -> str:
        return CATEGORY_LABELS.get(ticket.category)

    @admin.display(description=_("priority"), ordering="priority")
    def priority_display(self, ticket: Ticket) -> str:
        return PRIORITY_LABELS.get(ticket.priority)

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, ticket: Ticket) -> str:
        label = STATUS_LABELS.get(ticket.status)
        if getattr(ticket, "on_hold", False):
            return format_html(
                '{} <span class="wd-badge wd-hold">{}</span>',
                label,
                gettext("on hold"),
            )
        return label

    @admin.display(description=_("SLA left"), ordering="resolve_by")
    def sla_display(self, ticket: Ticket) -> str:
        text = ticket_sla(ticket)
        if ticket.is_open and ticket.is_breached(now=timezone.now()):
            return format_html('<span class="wd-badge wd-breached">{}</span>', text)
        return text

    @admin.display(description=_("resolve by"), ordering="resolve_by")
    def resolve_by_display(self, ticket: Ticket) -> str:
        if ticket.resolve_by is None:
            return "—"
        when = date_format(timezone.localtime(ticket.resolve_by), "DATETIME_FORMAT")
        if ticket.is_breached(now=timezone.now()):
            return format_html(
                '<span class="wd-badge wd-breached">{} · {}</span>',
                when,
                gettext("breached"),
            )
        return when


@admin.display(description=_("SLA"), ordering="resolve_by")
def ticket_sla(ticket: Ticket) -> str:
    """A ticket list column: time to the resolve-by, or how late it is.

    Use with Ticket.objects.with_sla_flags() in the admin's get_queryset so the
    breach and pause flags come from the same query.
    """
    if ticket.status == Ticket.Status.RESOLVED:
        return gettext("breached") if getattr(ticket, "sla_breached", False) else "—"
    return deadline_text(
        due_at=ticket.resolve_by,
        now=timezone.now(),
        is_breached=bool(getattr(ticket, "sla_breached", False)),
        is_paused=bool(getattr(ticket, "sla_paused", False)),
    )


def matched_subject(query: str) -> object:
    """The subject column while searching: matched words marked, with a snippet.

    The snippet comes from the description when the subject has no match, so
    the agent sees why a ticket was found; both are escaped (complaints.highlight).
    """

    @admin.display(description=_("subject"), ordering="subject")
    def subject(ticket: Ticket) -> str:
        title = highlight(ticket.subject, query=query)
        if "<mark>" in title:
            return title
        found = snippet(ticket.description, query=query)
        if not found:
            return title
        return format_html('{}<div class="wd-snippet">{}</div>', title, found)

    return subject


def list_display_index(list_display: object) -> int:
    """Where the subject column is in list_display (a name or matched_subject)."""
    for index, column in enumerate(list_display):  # type: ignore[arg-type]
        if column == "subject" or getattr(column, "__name__", "") == "subject":
            return index
    return 0
