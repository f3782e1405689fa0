"""The admin page where an agent files a ticket taken over the phone."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from accounts.selectors import customer_find
from complaints.forms.phone import PhoneTicketCreateForm
from complaints.models import Ticket
from complaints.services import ticket_create
from complaints.services.inputs import ComplaintInput
from config.errors import DomainError


class PhoneTicketFiling:
    """Adds /admin/complaints/ticket/phone/: find the caller, then file for them."""

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "phone/",
                self.admin_site.admin_view(self.phone_ticket_view),
                name="complaints_ticket_phone",
            ),
            *super().get_urls(),
        ]

    def phone_ticket_view(self, request: HttpRequest) -> HttpResponse:
        """GET finds the customer (no change); POST files the ticket for them."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        query = request.GET.get("find", "").strip()
        customer = customer_find(query=query) if query else None
        form = None
        if customer is not None:
            form = PhoneTicketCreateForm(
                request.POST if request.method == "POST" else None, customer=customer
            )
            if request.method == "POST" and form.is_valid():
                record = form.cleaned_data["transaction"]
                try:
                    ticket = ticket_create(
                        customer=customer,
                        kind=Ticket.Kind.COMPLAINT,
                        category=form.cleaned_data["category"],
                        subject=form.cleaned_data["subject"],
                        description=form.cleaned_data["description"],
                        details=ComplaintInput(
                            transaction_ids=(record.pk,) if record else ()
                        ),
                        channel=Ticket.Channel.PHONE,
                        language=customer.preferred_language or None,
                        received_at=form.cleaned_data["called_at"],
                    )
                except (ValidationError, DomainError) as error:
                    text = (
                        " ".join(error.messages)
                        if isinstance(error, ValidationError)
                        else str(error)
                    )
                    form.add_error(None, text)
                else:
                    messages.success(
                        request,
                        _("Phone ticket %(reference)s filed.")
                        % {"reference": ticket.reference},
                    )
                    return HttpResponseRedirect(
                        reverse("admin:complaints_ticket_change", args=[ticket.pk])
                    )
        return TemplateResponse(
            request,
            "admin/complaints/ticket/phone_ticket.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Log a phone ticket"),
                "query": query,
                "customer": customer,
                "form": form,
                "not_found": bool(query) and customer is None,
            },
        )
