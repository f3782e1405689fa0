"""The ticket changelist's bulk actions: each ticket through its own service call."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaints import workflow
from complaints.admin.forms import BulkAssignForm, BulkNoteForm
from complaints.errors import WorkflowError
from complaints.models import Ticket, TicketHold
from complaints.services import message_add, ticket_assign

# Bulk actions act on at most this many tickets at once.
BULK_LIMIT = 200


def _report(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    done: list[str],
    refused: list[str],
) -> None:
    """Tell the user, ticket by ticket, what a bulk action did."""
    if done:
        modeladmin.message_user(
            request,
            gettext("Done for %(count)d ticket(s): %(references)s")
            % {"count": len(done), "references": ", ".join(done)},
            level=messages.SUCCESS,
        )
    for line in refused:
        modeladmin.message_user(request, line, level=messages.WARNING)


def _bulk(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Ticket],
    run: Callable[[Ticket], object],
    summary: str,
) -> None:
    """Apply one service call to each selected ticket; one refusal stops no other."""
    tickets = list(queryset.select_related("customer")[: BULK_LIMIT + 1])
    if len(tickets) > BULK_LIMIT:
        modeladmin.message_user(
            request,
            gettext("Select at most %(count)d tickets for a bulk action.")
            % {"count": BULK_LIMIT},
            level=messages.ERROR,
        )
        return
    done, refused = [], []
    for ticket in tickets:
        try:
            run(ticket)
        except WorkflowError as error:
            refused.append(f"{ticket.reference}: {error.message}")
        except ValidationError as error:
            refused.append(f"{ticket.reference}: {' '.join(error.messages)}")
        else:
            done.append(ticket.reference)
            modeladmin.log_change(request, ticket, summary)
    _report(modeladmin, request, done, refused)


def move_action(target: Ticket.Status, label: str) -> Callable:
    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]
    ) -> None:
        _bulk(
            modeladmin,
            request,
            queryset,
            lambda ticket: workflow.ticket_transition(
                ticket=ticket, to_status=target, actor=request.user
            ),
            gettext("Moved to %(status)s (bulk).") % {"status": target.label},
        )

    action.__name__ = f"move_to_{target}"
    return admin.action(description=label, permissions=["change"])(action)


@admin.action(description=_("Assign to me"), permissions=["change"])
def assign_to_me(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]
) -> None:
    _bulk(
        modeladmin,
        request,
        queryset,
        lambda ticket: ticket_assign(
            ticket=ticket, assignee=request.user, actor=request.user
        ),
        gettext("Assigned to %(name)s (bulk).") % {"name": request.user},
    )


# Only third-party holds in bulk: a hold on the customer asks each customer for
# something about their own case, which one text for many tickets cannot do; the
# case page and the staff API take that request per ticket.
@admin.action(
    description=_("Put on hold: waiting on a third party"), permissions=["change"]
)
def wait_on_third_party(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]
) -> None:
    _bulk(
        modeladmin,
        request,
        queryset,
        lambda ticket: workflow.ticket_hold(
            ticket=ticket,
            waiting_on=TicketHold.WaitingOn.THIRD_PARTY,
            actor=request.user,
        ),
        gettext("Put on hold (bulk)."),
    )


@admin.action(description=_("Resume (end the hold)"), permissions=["change"])
def resume(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]
) -> None:
    _bulk(
        modeladmin,
        request,
        queryset,
        lambda ticket: workflow.ticket_release(ticket=ticket, actor=request.user),
        gettext("Hold ended (bulk)."),
    )


def _intermediate(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Ticket],
    form: BulkNoteForm | BulkAssignForm,
    title: str,
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "admin/complaints/ticket/bulk_action.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.model._meta,
            "form": form,
            "tickets": list(
                queryset.select_related(None).only("pk", "reference", "subject")[
                    :BULK_LIMIT
                ]
            ),
            "action": request.POST.get("action", ""),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description=_("Add an internal note…"), permissions=["change"])
def add_note(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]
) -> TemplateResponse | None:
    form = BulkNoteForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _intermediate(
            modeladmin, request, queryset, form, gettext("Add an internal note")
        )
    _bulk(
        modeladmin,
        request,
        queryset,
        lambda ticket: message_add(
            ticket=ticket,
            author=request.user,
            body=form.cleaned_data["body"],
            is_internal=True,
        ),
        gettext("Internal note added (bulk)."),
    )
    return None


@admin.action(description=_("Assign to…"), permissions=["change"])
def assign_to(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]
) -> TemplateResponse | None:
    form = BulkAssignForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _intermediate(
            modeladmin, request, queryset, form, gettext("Assign tickets")
        )
    assignee = form.cleaned_data["assignee"]
    _bulk(
        modeladmin,
        request,
        queryset,
        lambda ticket: ticket_assign(
            ticket=ticket, assignee=assignee, actor=request.user
        ),
        gettext("Assigned to %(name)s (bulk).")
        % {"name": assignee or gettext("nobody")},
    )
    return None
