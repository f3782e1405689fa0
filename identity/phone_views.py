"""Sign-in with a code sent by SMS: django-allauth's login-by-code, for phones.

The pages sit at allauth's own paths (accounts/login/code/…) so its redirects
land here. These views add the portal's pages, the translated refusals and the
audit events of refused codes; allauth keeps the code (in the session that asked
for it, so it works in no other browser), its expiry, its single use and the
limits per number and per address (ACCOUNT_RATE_LIMITS).
"""

from allauth.account import views as allauth_views
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from identity.sign_in import phone_mask, signin_refusal_record


class PhoneCodeRequestView(allauth_views.RequestLoginCodeView):
    """Ask for a code for a phone number; past the limits, a 429 and an audit event."""

    template_name = "identity/phone_code_request.html"

    def form_invalid(self, form: object) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "code_limit_reached", False):
            phone = str(form.data.get("phone", ""))
            # The form looked the number's customer up before counting.
            signin_refusal_record(
                user=getattr(form, "_user", None),
                reason="sms_code_limit",
                phone=phone_mask(phone),
            )
            response.status_code = 429
        return response


class PhoneCodeConfirmView(allauth_views.ConfirmLoginCodeView):
    """Enter the code; a wrong one is refused and audited (three end the attempt)."""

    template_name = "identity/phone_code_confirm.html"

    def form_invalid(self, form: object) -> HttpResponse:
        signin_refusal_record(
            user=self._process.user,
            reason="sms_code_wrong",
            phone=phone_mask(self._process.state.get("phone") or ""),
        )
        self.request.walletdesk_code_refused = True
        return super().form_invalid(form)


_confirm = PhoneCodeConfirmView.as_view()


def phone_code_confirm_view(request: HttpRequest) -> HttpResponse:
    """allauth's confirm view; a code sent to no sign-in in progress is refused.

    That is a code used already (it signed in and was spent), an expired one,
    or one asked for in another browser: nothing changes, the page says so and
    the attempt is audited.
    """
    response = _confirm(request)
    if (
        request.method == "POST"
        and response.status_code == 302
        and response["Location"].startswith(reverse("identity:phone_code"))
        and not getattr(request, "walletdesk_code_refused", False)
        and not request.user.is_authenticated
    ):
        signin_refusal_record(user=None, reason="sms_code_not_pending")
        messages.error(
            request,
            _(
                "This code can no longer be used: it has expired or was already used. Ask for a new one."
            ),
        )
    return response
