"""The public status page and the 'I will wait' answer to an incident banner."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from incidents import selectors, services
from incidents.models import Incident

PLACES = frozenset({"home", "form", "faq", "status"})


class IncidentStatusView(TemplateView):
    """Open incidents and those resolved lately, with their updates; no log-in."""

    template_name = "incidents/status.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        incidents = list(selectors.incidents_public())
        open_incidents = [incident for incident in incidents if incident.is_open]
        context["open_incidents"] = open_incidents
        context["groups"] = [
            (_("Happening now"), open_incidents),
            (
                _("Recently resolved"),
                [incident for incident in incidents if not incident.is_open],
            ),
        ]
        context["waiting"] = self.request.GET.get("waiting") == "1"
        return context


class IncidentDeflectView(View):
    """Count that a visitor shown an incident chose to wait instead of filing.

    This is the deflection the reports count: an explicit answer, once per
    incident and visitor. Leaving the page silently is not counted (no state
    changes on GET, and a closed tab says nothing about why).
    """

    def post(self, request: HttpRequest, incident_id: int) -> HttpResponse:
        incident = get_object_or_404(Incident, pk=incident_id)
        where = request.POST.get("where", "")
        if not request.session.session_key:
            request.session.save()
        services.incident_deflection_record(
            incident=incident,
            visitor=services.deflection_visitor(
                user_id=request.user.pk if request.user.is_authenticated else None,
                session_key=request.session.session_key or "",
            ),
            where=where if where in PLACES else "home",
        )
        return HttpResponseRedirect(reverse("incidents:status") + "?waiting=1")
