from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from complaints import selectors, tracking
from complaints.forms import TrackRequestForm

# Per address, and per reference so that many addresses cannot guess one ticket's email.
TRACK_RATE_PER_IP = "5/m"
TRACK_RATE_PER_IP_HOURLY = "30/h"
TRACK_RATE_PER_REFERENCE = "10/h"


def _reference_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("reference", "").strip().upper()


@method_decorator(
    [
        ratelimit(key="ip", rate=TRACK_RATE_PER_IP, method="POST", block=False),
        ratelimit(key="ip", rate=TRACK_RATE_PER_IP_HOURLY, method="POST", block=False),
        ratelimit(
            key=_reference_key,
            rate=TRACK_RATE_PER_REFERENCE,
            method="POST",
            block=False,
        ),
    ],
    name="post",
)
class TrackView(View):
    """Reference + email in; the same answer whether or not they match."""

    template_name = "complaints/track.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": TrackRequestForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TrackRequestForm(request.POST)
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(
                None, _("Too many lookups. Please wait a few minutes and try again.")
            )
            return render(request, self.template_name, {"form": form}, status=429)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        tracking.tracking_link_request(
            reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
        )
        return redirect("complaints:track_sent")


class TrackSentView(TemplateView):
    template_name = "complaints/track_sent.html"


class TrackTicketView(View):
    """The read-only ticket page a tracking link opens, for 24 hours."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            ticket = tracking.tracking_ticket_get(token=token)
        except tracking.TrackingLinkExpired:
            response = render(request, "complaints/track_expired.html", status=410)
        else:
            response = render(
                request,
                "complaints/track_ticket.html",
                {
                    "ticket": ticket,
                    "timeline": selectors.ticket_public_timeline(ticket=ticket),
                },
            )
        # The token is the key to the page: keep it out of caches and referrers.
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
