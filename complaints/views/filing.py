import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from complaints import selectors, services
from complaints.errors import DuplicateTicketError
from complaints.forms import FORM_FOR_KIND, SITUATIONS, Situation, TicketCreateForm
from complaints.views.access import CustomerRequiredMixin, FilingOpenMixin
from complaints.views.kept_evidence import (
    kept_evidence_done,
    kept_evidence_hold,
    kept_evidence_take,
)
from transactions.models import Transaction

# ?transaction=<reference>: the wallet app's hand-off preselects the record.
PRESELECT_PARAMETER = "transaction"


def _preselected(request: HttpRequest) -> Transaction | None:
    """The customer's own transaction named in the query string, if any."""
    reference = request.GET.get(PRESELECT_PARAMETER, "").strip()[:64]
    if not reference:
        return None
    return (
        Transaction.objects.owned_by(request.user)
        .filter(reference=reference)
        .only("pk", "reference")
        .first()
    )


class TicketStartView(FilingOpenMixin, TemplateView):
    """Step one: what happened, in plain words."""

    template_name = "complaints/ticket_start.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["situations"] = list(SITUATIONS.values())
        context["preselected"] = _preselected(self.request)
        return context


def _ticket_rate(scope: str) -> Callable[[str, HttpRequest], str]:
    """The configured filing rate (read per request, so settings can change it)."""
    return lambda group, request: getattr(
        settings, f"WALLETDESK_TICKET_RATE_PER_{scope}"
    )


@method_decorator(
    [
        ratelimit(key="user", rate=_ticket_rate("USER"), method="POST", block=False),
        ratelimit(key="ip", rate=_ticket_rate("IP"), method="POST", block=False),
    ],
    name="post",
)
class TicketCreateView(FilingOpenMixin, View):
    """Step two: the form for that kind of ticket, filed through ticket_create."""

    template_name = "complaints/ticket_form.html"

    def situation(self) -> Situation:
        situation = SITUATIONS.get(self.kwargs["situation"])
        if situation is None:
            raise Http404("No such situation")
        return situation

    def form(self, *args: object) -> TicketCreateForm:
        situation = self.situation()
        initial = {"client_token": uuid.uuid4().hex}
        if not args and (preselected := _preselected(self.request)) is not None:
            initial["transaction"] = preselected.pk
        return FORM_FOR_KIND[situation.kind](
            *args,
            customer=self.request.user,
            situation=situation,
            query=self.request.GET.get("q", "").strip()[:64],
            # A fresh key per page load: a double click or a refresh of the POST
            # sends the same key, and ticket_create returns the first ticket.
            initial=initial,
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
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(
                None,
                _("You have filed many tickets in a short time. Please wait a while."),
            )
            response = self.render_form(form)
            response.status_code = 429
            return response
        if not kept_evidence_take(request, form) or not form.is_valid():
            return self.render_form_again(form)
        try:
            ticket = services.ticket_create(
                customer=request.user,
                language=request.LANGUAGE_CODE,
                **form.ticket_kwargs(),
            )
        except DuplicateTicketError as error:
            return self.render_form_again(form, duplicate=error.ticket)
        except ValidationError as error:
            form.add_service_error(error)
            return self.render_form_again(form)
        kept_evidence_done(form)
        return redirect("complaints:ticket_submitted", reference=ticket.reference)

    def render_form_again(
        self, form: TicketCreateForm, duplicate: object = None
    ) -> HttpResponse:
        """The form with its errors, keeping the files sent with it."""
        kept_evidence_hold(self.request, form)
        return self.render_form(form, duplicate=duplicate)


class TicketSubmittedView(CustomerRequiredMixin, TemplateView):
    """The confirmation: a redirect target, so refreshing it files nothing."""

    template_name = "complaints/ticket_submitted.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["ticket"] = selectors.ticket_get_for_user(
            user=self.request.user, reference=self.kwargs["reference"]
        )
        return context
