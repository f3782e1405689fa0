import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import TemplateView

from complaints import selectors, services
from complaints.errors import DuplicateTicketError
from complaints.forms import FORM_FOR_KIND, SITUATIONS, Situation, TicketCreateForm
from complaints.views.access import CustomerRequiredMixin


class TicketStartView(CustomerRequiredMixin, TemplateView):
    """Step one: what happened, in plain words."""

    template_name = "complaints/ticket_start.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["situations"] = list(SITUATIONS.values())
        return context


class TicketCreateView(CustomerRequiredMixin, View):
    """Step two: the form for that kind of ticket, filed through ticket_create."""

    template_name = "complaints/ticket_form.html"

    def situation(self) -> Situation:
        situation = SITUATIONS.get(self.kwargs["situation"])
        if situation is None:
            raise Http404("No such situation")
        return situation

    def form(self, *args: object) -> TicketCreateForm:
        situation = self.situation()
        return FORM_FOR_KIND[situation.kind](
            *args,
            customer=self.request.user,
            situation=situation,
            query=self.request.GET.get("q", "").strip()[:64],
            # A fresh key per page load: a double click or a refresh of the POST
            # sends the same key, and ticket_create returns the first ticket.
            initial={"client_token": uuid.uuid4().hex},
        )

    def render_form(
        self, form: TicketCreateForm, duplicate: object = None
    ) -> HttpResponse:
        context = {
            "form": form,
            "situation": form.situation,
            "query": form.query,
            "duplicate": duplicate,
        }
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, situation: str) -> HttpResponse:
        return self.render_form(self.form())

    def post(self, request: HttpRequest, situation: str) -> HttpResponse:
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        try:
            ticket = services.ticket_create(
                customer=request.user,
                language=request.LANGUAGE_CODE,
                **form.ticket_kwargs(),
            )
        except DuplicateTicketError as error:
            return self.render_form(form, duplicate=error.ticket)
        except ValidationError as error:
            form.add_service_error(error)
            return self.render_form(form)
        return redirect("complaints:ticket_submitted", reference=ticket.reference)


class TicketSubmittedView(CustomerRequiredMixin, TemplateView):
    """The confirmation: a redirect target, so refreshing it files nothing."""

    template_name = "complaints/ticket_submitted.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["ticket"] = selectors.ticket_get_for_user(
            user=self.request.user, reference=self.kwargs["reference"]
        )
        return context
