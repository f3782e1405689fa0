"""Background ticket exports on the reports page: start, progress, download.

Only the manager or supervisor who asked for an export sees its progress and
downloads its file: an export holds customers' tickets, so another reader asks
for their own (same filters, same rows) and the audit trail says who took what.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from reports.exports import ticket_export_start
from reports.models import TicketExport
from reports.views import ReportAccessMixin


def _own_export(request: HttpRequest, export_id: int) -> TicketExport:
    export = TicketExport.objects.filter(
        pk=export_id, requested_by=request.user
    ).first()
    if export is None:
        raise Http404("No such export")
    return export


class ExportStartView(ReportAccessMixin, View):
    """POST /reports/exports/: queue the period's ticket CSV with the page's filters."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.filter_form_from(request.POST)
        back = reverse("reports:report")
        query = request.POST.get("query", "")
        if query:
            back += "?" + query
        if not request.POST.get("period"):
            # The page always sends its period; an empty request starts nothing.
            messages.error(request, _("Choose a period to export."))
            return redirect(back)
        if not form.is_valid():
            for field_errors in form.errors.values():
                for error in field_errors:
                    messages.error(request, error)
            return redirect(back)
        ticket_export_start(user=request.user, filters=form.filters())
        messages.success(
            request,
            _(
                "The ticket export has started. Its progress shows below; you get a "
                "notice when the file is ready."
            ),
        )
        return redirect(back + "#exports")


def export_status(export: TicketExport) -> dict[str, object]:
    now = timezone.now()
    return {
        "id": export.pk,
        "state": export.state,
        "state_label": str(export.get_state_display()),
        "rows_done": export.rows_done,
        "rows_total": export.rows_total,
        "percent": export.percent,
        "download_url": reverse(
            "reports:export_download", kwargs={"export_id": export.pk}
        )
        if export.is_downloadable(now=now)
        else None,
    }


class ExportStatusView(ReportAccessMixin, View):
    """GET /reports/exports/<id>/status.json: the page polls this; reads only."""

    def get(self, request: HttpRequest, export_id: int) -> JsonResponse:
        return JsonResponse(export_status(_own_export(request, export_id)))


class ExportDownloadView(ReportAccessMixin, View):
    """GET /reports/exports/<id>/download/: the file, to its requester, until expiry."""

    def get(self, request: HttpRequest, export_id: int) -> HttpResponse:
        export = _own_export(request, export_id)
        if not export.is_downloadable(now=timezone.now()):
            return HttpResponse(
                _(
                    "This export is not available: it is not finished or its link "
                    "has expired. Start a new export on the reports page."
                ),
                status=410,
                content_type="text/plain; charset=utf-8",
            )
        name = export.file.name.rsplit("/", 1)[-1]
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=name,
            content_type="text/csv; charset=utf-8",
        )
