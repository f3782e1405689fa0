from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.models import AuditEvent
from audit.recorder import audit_context


class AuditContextMiddleware:
    """Attribute every audited change made while serving a request to its user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith("/admin/"):
            source = AuditEvent.Source.ADMIN
        elif path.startswith("/api/"):
            source = AuditEvent.Source.API
        else:
            source = AuditEvent.Source.WEB
        with audit_context(source=source, request=request):
            return self.get_response(request)
