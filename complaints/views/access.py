from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase


class CustomerRequiredMixin(LoginRequiredMixin):
    """Portal pages are for customers; staff work tickets in the admin."""

    def dispatch(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.is_customer:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
