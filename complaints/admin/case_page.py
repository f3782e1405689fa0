"""The ticket's case page: its context, and the POST-only view behind its buttons."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaints.admin.case import (
    canned_reply_list_for_ticket,
    presence_others,
    ticket_case_for_staff,
    ticket_version,
)
from complaints.admin.case_actions import WORKSPACE_ACTIONS
from complaints.admin.forms import (
    STALE_MESSAGE,
    AssignForm,
    DeadlineExtendForm,
    ProfileChangeForm,
    RefundDecideForm,
)
from complaints.errors import WorkflowError
from complaints.models import Ticket, TicketHold
from complaints.services.assignment import ticket_presence_touch
from config.formats.money import money_plain

MOVE_LABELS = {
    Ticket.Status.ACKNOWLEDGED: _("Acknowledge"),
    Ticket.Status.INVESTIGATING: _("Start investigating"),
}
# The buttons start a hold, so they read as what the agent does; the hold's own
# label (TicketHold.WaitingOn) names the state the ticket is then in.
HOLD_LABELS = {
    TicketHold.WaitingOn.CUSTOMER: _("Ask the customer and wait"),
    TicketHold.WaitingOn.THIRD_PARTY: _("Wait on a third party"),
}


class TicketCasePage:
    """The case page of TicketAdmin (a ModelAdmin mixin): context and buttons."""

    # The case page --------------------------------------------------------

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """GET draws the case (case.html) without the admin's change form.

        The triage form is a part drawn when opened (case_parts), so a GET
        needs none of the change form's machinery (the model form class built
        per request, its admin wrappers and submit row). POSTs, popups and a
        ticket the agent may not open go through ModelAdmin.change_view.
        """
        if request.method == "GET" and not {IS_POPUP_VAR, TO_FIELD_VAR} & set(
            request.GET
        ):
            ticket = self.get_object(request, unquote(object_id))
            if ticket is not None and self.has_view_or_change_permission(
                request, ticket
            ):
                request.current_app = self.admin_site.name
                return TemplateResponse(
                    request,
                    "admin/complaints/ticket/case.html",
                    {
                        **self.admin_site.each_context(request),
                        "title": f"{ticket.reference} · {ticket.subject}",
                        "opts": self.opts,
                        "media": self.media,
                        "preserved_filters": self.get_preserved_filters(request),
                        "absolute_url": self.get_view_on_site_url(ticket),
                        **self.case_context(request, ticket),
                    },
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Ticket | None = None,
    ) -> HttpResponse:
        # A refused triage save (or a popup) is drawn by the admin, with the case.
        if obj is not None:
            context.update(self.case_context(request, obj))
            form = context.get("adminform")
            if form is not None and not form.form.is_bound:
                form.form.initial["version"] = context["case"]["version"]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def case_context(self, request: HttpRequest, obj: Ticket) -> dict[str, Any]:
        """What workspace.html draws about a ticket."""
        case = ticket_case_for_staff(ticket=obj, user=request.user)
        version = case["version"]
        refund = getattr(obj, "refund_request", None)
        decision = getattr(refund, "decision", None) if refund else None
        return {
            "case": case,
            "ticket": obj,
            "can_act": self.has_change_permission(request, obj),
            "is_supervisor": request.user.is_supervisor,
            "move_buttons": [
                (
                    target,
                    gettext("Reopen")
                    if obj.status == Ticket.Status.RESOLVED
                    else MOVE_LABELS.get(target, target.label),
                )
                for target in case["moves"]
            ],
            "hold_buttons": list(HOLD_LABELS.items()),
            "assign_form": AssignForm(
                initial={"version": version, "assignee": obj.assignee_id}
            ),
            "refund": refund,
            "decision": decision,
            "refund_decide_form": RefundDecideForm(
                initial={
                    "version": version,
                    "approved_amount": money_plain(
                        refund.amount_requested, refund.currency
                    )
                    if refund
                    else None,
                    "currency": refund.currency if refund else "",
                }
            ),
            "extend_form": DeadlineExtendForm(
                initial={"version": version}, auto_id="wd-extend-%s"
            ),
            "profile_form": ProfileChangeForm(
                initial={"version": version}, auto_id="wd-profile-%s"
            ),
            "approval_limit": settings.WALLETDESK_REFUND_APPROVAL_LIMIT,
            "workspace_url": reverse(
                "admin:complaints_ticket_workspace", args=[obj.pk, "presence"]
            ),
        }

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<path:object_id>/workspace/<slug:action>/",
                self.admin_site.admin_view(self.workspace_action_view),
                name="complaints_ticket_workspace",
            ),
            *super().get_urls(),
        ]

    def workspace_action_view(
        self, request: HttpRequest, object_id: str, action: str
    ) -> HttpResponse:
        """One workflow or service call from a change-page button (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        ticket = self.get_object(request, object_id)
        if ticket is None:
            raise Http404
        if not self.has_change_permission(request, ticket):
            raise PermissionDenied
        if action == "presence":
            ticket_presence_touch(ticket=ticket, user=request.user)
            return JsonResponse(
                {
                    "others": presence_others(ticket_id=ticket.pk, user=request.user),
                    "version": ticket_version(ticket_id=ticket.pk),
                }
            )
        spec = WORKSPACE_ACTIONS.get(action)
        if spec is None:
            raise Http404
        if spec.supervisor_only and not request.user.is_supervisor:
            raise PermissionDenied
        change_url = reverse("admin:complaints_ticket_change", args=[ticket.pk])
        form = spec.form_class(request.POST)
        if action == "reply":
            form.fields["canned_reply"].queryset = form.fields[
                "canned_reply"
            ].queryset.filter(
                pk__in=[
                    reply.pk for reply in canned_reply_list_for_ticket(ticket=ticket)
                ]
            )
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    self.message_user(
                        request,
                        f"{label}: {error}" if label else error,
                        level=messages.ERROR,
                    )
            return HttpResponseRedirect(change_url)
        if form.cleaned_data["version"] != ticket_version(ticket_id=ticket.pk):
            self.message_user(request, STALE_MESSAGE, level=messages.WARNING)
            return HttpResponseRedirect(change_url)
        try:
            summary = spec.run(request, ticket, form.cleaned_data)
        except WorkflowError as error:
            self.message_user(request, error.message, level=messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
        else:
            self.log_change(request, ticket, summary)
            self.message_user(request, summary, level=messages.SUCCESS)
        return HttpResponseRedirect(change_url)
