from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from accounts.errors import AccountClosedError


class CustomerRequiredMixin(LoginRequiredMixin):
    """Portal pages are for customers; staff work tickets in the admin."""

    def dispatch(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.is_customer:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FilingOpenMixin(CustomerRequiredMixin):
    """Filing pages: a closed wallet account is told why it cannot file."""

    def dispatch(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponseBase:
        if request.user.is_authenticated and request.user.is_customer:
            try:
                request.user.filing_check()
            except AccountClosedError as error:
                return render(
                    request,
                    "complaints/filing_closed.html",
                    {"message": error.message},
                    status=403,
                )
        return super().dispatch(request, *args, **kwargs)
