"""The app hand-off page: GET shows a button, POST spends the link and signs in."""

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from accounts.views import remember_language
from identity.errors import LinkRefusedError
from identity.handoff import signin_link_redeem


def _handoff_rate(group: str, request: HttpRequest) -> str:
    return settings.WALLETDESK_HANDOFF_RATE_PER_IP


def _private(response: HttpResponse) -> HttpResponse:
    # The URL is a password for two minutes: no other site gets it as a referrer.
    # Not "no-referrer": browsers then send "Origin: null" with the page's POST,
    # which Django's CSRF check rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@method_decorator(never_cache, name="dispatch")
@method_decorator(
    ratelimit(key="ip", rate=_handoff_rate, method="POST", block=False),
    name="post",
)
class HandoffView(View):
    """Sign a customer in from the wallet app with a one-time link.

    GET changes nothing (link previews and prefetchers must not spend it): it
    shows a button, which a static script presses at once. POST spends the link,
    signs the customer in with a fresh session and goes where the link says.
    """

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return _private(render(request, "identity/handoff.html"))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        if getattr(request, "limited", False):
            return _private(
                render(
                    request,
                    "identity/handoff_refused.html",
                    {
                        "message": _(
                            "Too many sign-in attempts from your network. Please wait a minute and open support from the wallet app again."
                        )
                    },
                    status=429,
                )
            )
        try:
            link = signin_link_redeem(token=token)
        except LinkRefusedError as error:
            return _private(
                render(
                    request,
                    "identity/handoff_refused.html",
                    {"message": error.message},
                    status=400,
                )
            )
        customer = link.customer
        # login() cycles the session key; another person's session is flushed.
        login(request, customer, backend="django.contrib.auth.backends.ModelBackend")
        target = link.next_path or "/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            target = "/"
        response = remember_language(
            HttpResponseRedirect(target), customer.preferred_language
        )
        return _private(response)
