"""The customer's answer to "did you make this payment?" (signed link or signed in)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views import View
from django.views.generic import ListView

from config.errors import DomainError
from wallet_actions.links import payment_check_id
from wallet_actions.models import PaymentCheck
from wallet_actions.services.outreach import payment_check_answer


class PaymentCheckAnswerView(View):
    """GET shows the question; POST records the answer. The token is the key."""

    template_name = "wallet_actions/payment_check.html"

    def _check(self, token: str) -> PaymentCheck:
        check_id = payment_check_id(token)
        check = (
            PaymentCheck.objects.select_related("transaction", "customer", "ticket")
            .filter(pk=check_id)
            .first()
            if check_id
            else None
        )
        if check is None:
            raise Http404
        return check

    def _render(
        self, request: HttpRequest, check: PaymentCheck, error: str = ""
    ) -> HttpResponse:
        with translation.override(check.customer.preferred_language):
            response = render(
                request,
                self.template_name,
                {"check": check, "error": error},
                status=409 if error else 200,
            )
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        return response

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self._render(request, self._check(token))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        check = self._check(token)
        try:
            with translation.override(check.customer.preferred_language):
                check = payment_check_answer(
                    check_id=check.pk, answer=request.POST.get("answer", "")
                )
        except DomainError as refused:
            return self._render(request, check, error=refused.message)
        check = self._check(token)
        return self._render(request, check)


class MyPaymentCheckListView(LoginRequiredMixin, ListView):
    """The signed-in customer's payment checks (the in-app notice leads here)."""

    template_name = "wallet_actions/my_payment_checks.html"
    context_object_name = "checks"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[PaymentCheck]:
        return (
            PaymentCheck.objects.filter(customer=self.request.user)
            .select_related("transaction", "ticket")
            .order_by("-asked_at", "-pk")
        )
