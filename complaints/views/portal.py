from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import ListView, TemplateView

from complaints import selectors, services, workflow
from complaints.errors import WorkflowError
from complaints.forms import (
    SITUATIONS,
    MessageCreateForm,
    TicketRateForm,
    TicketReopenForm,
)
from complaints.incident_selectors import incident_of_ticket
from complaints.models import Ticket, TicketHold
from complaints.views.access import CustomerRequiredMixin
from complaints.views.kept_evidence import (
    kept_evidence_done,
    kept_evidence_hold,
    kept_evidence_take,
)
from config.security import reply_rate_exceeded


class HomeView(TemplateView):
    template_name = "complaints/home.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["situations"] = list(SITUATIONS.values())
        return context


class TicketListView(CustomerRequiredMixin, ListView):
    template_name = "complaints/ticket_list.html"
    context_object_name = "tickets"
    paginate_by = 20

    def get_state(self) -> str:
        state = self.request.GET.get("state", "")
        return state if state in {"open", "resolved"} else ""

    def get_queryset(self) -> QuerySet[Ticket]:
        return selectors.ticket_list_for_customer(
            customer=self.request.user, state=self.get_state()
        )

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["state"] = self.get_state()
        return context


def ticket_page(
    request: HttpRequest,
    ticket: Ticket,
    *,
    reply_form: MessageCreateForm | None = None,
    reopen_form: TicketReopenForm | None = None,
    rate_form: TicketRateForm | None = None,
) -> HttpResponse:
    """The ticket page, with any form that failed shown again with its errors."""
    timeline = selectors.ticket_public_timeline(ticket=ticket)
    hold = timeline["hold"]
    context = {
        "ticket": ticket,
        "timeline": timeline,
        # The reply form moves up under the request while the ticket waits on them.
        "asks_customer": hold is not None
        and hold.waiting_on == TicketHold.WaitingOn.CUSTOMER,
        "actions": selectors.ticket_customer_actions(ticket=ticket, user=request.user),
        "reply_form": reply_form or MessageCreateForm(),
        "reopen_form": reopen_form or TicketReopenForm(),
        "rate_form": rate_form or TicketRateForm(),
        "incident": incident_of_ticket(ticket=ticket),
    }
    return render(request, "complaints/ticket_detail.html", context)


class TicketDetailView(CustomerRequiredMixin, View):
    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        return ticket_page(request, ticket)


class MessageCreateView(CustomerRequiredMixin, View):
    """A customer's public reply, with optional evidence files."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        if reply_rate_exceeded(request):
            messages.error(
                request, _("You have sent many replies just now. Please wait a while.")
            )
            return redirect(ticket)
        form = MessageCreateForm(request.POST, request.FILES)
        if kept_evidence_take(request, form) and form.is_valid():
            try:
                services.message_add(
                    ticket=ticket,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    evidence=form.evidence_inputs(),
                )
            except WorkflowError as error:
                messages.error(request, error.message)
                return redirect(ticket)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                kept_evidence_done(form)
                messages.success(request, _("Your reply was sent."))
                return redirect(ticket)
        kept_evidence_hold(request, form)
        return ticket_page(request, ticket, reply_form=form)


class TicketReopenView(CustomerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        form = TicketReopenForm(request.POST)
        if form.is_valid():
            try:
                workflow.ticket_transition(
                    ticket=ticket,
                    to_status=Ticket.Status.INVESTIGATING,
                    actor=request.user,
                    note=form.cleaned_data["reason"],
                )
            except WorkflowError as error:
                messages.error(request, error.message)
                return redirect(ticket)
            messages.success(
                request, _("Your ticket is reopened. We will look at it again.")
            )
            return redirect(ticket)
        return ticket_page(request, ticket, reopen_form=form)


class TicketRateView(CustomerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        form = TicketRateForm(request.POST)
        if form.is_valid():
            try:
                services.ticket_rate(
                    ticket=ticket,
                    customer=request.user,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except WorkflowError as error:
                messages.error(request, error.message)
                return redirect(ticket)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect(ticket)
        return ticket_page(request, ticket, rate_form=form)


@login_required
@require_GET
def attachment_download_view(
    request: HttpRequest, reference: str, token: str
) -> FileResponse:
    attachment = selectors.attachment_get_for_user(
        user=request.user, reference=reference, token=token
    )
    if not attachment.file:
        raise Http404("The file was removed after the retention period")
    # Re-encoded images may show inline; every other type only downloads, and
    # nosniff plus a sandboxing policy keep a browser from running anything.
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
