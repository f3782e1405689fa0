from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from complaints import notices, selectors
from complaints.forms import NoticeReadForm
from complaints.models import Notice


class NoticeListView(LoginRequiredMixin, ListView):
    """The in-app side of notices; reading the list marks nothing (GET is safe)."""

    template_name = "complaints/notice_list.html"
    context_object_name = "notices"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Notice]:
        return selectors.notice_list_for_user(user=self.request.user)


class NoticeReadView(LoginRequiredMixin, View):
    """Mark one notice (then open its ticket) or all notices read."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NoticeReadForm(request.POST)
        notice_id = form.cleaned_data["notice"] if form.is_valid() else None
        notices.notice_mark_read(
            recipient=request.user,
            notice_ids=[notice_id] if notice_id is not None else None,
        )
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            target = reverse("complaints:notice_list")
        return HttpResponseRedirect(target)
