from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET
from django.views.generic import ListView, TemplateView

from complaints import selectors, workflow
from complaints.models import Ticket


class HomeView(TemplateView):
    template_name = "complaints/home.html"


class TicketListView(LoginRequiredMixin, ListView):
    template_name = "complaints/ticket_list.html"
    context_object_name = "tickets"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Ticket]:
        return selectors.ticket_list_for_customer(
            customer=self.request.user, state=self.request.GET.get("state", "")
        )


class TicketDetailView(LoginRequiredMixin, TemplateView):
    template_name = "complaints/ticket_detail.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        ticket = selectors.ticket_get_for_user(
            user=self.request.user, reference=self.kwargs["reference"]
        )
        context["ticket"] = ticket
        context["timeline"] = selectors.ticket_public_timeline(ticket=ticket)
        context["allowed_moves"] = workflow.allowed_next(ticket, self.request.user)
        return context


class TrackView(TemplateView):
    template_name = "complaints/track.html"


@login_required
@require_GET
def attachment_download_view(
    request: HttpRequest, reference: str, token: str
) -> FileResponse:
    attachment = selectors.attachment_get_for_user(
        user=request.user, reference=reference, token=token
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
