"""Bind the client address to the request's log lines and answer with its request id."""

from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponse

from config.logs import current_request_id
from config.security import client_ip


class RequestContextMiddleware:
    """Runs inside django-structlog's RequestMiddleware, which binds the request id.

    The X-Request-ID response header lets a client or proxy quote the id that
    every log line of the request (and of the tasks it queued) carries.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        structlog.contextvars.bind_contextvars(ip=client_ip(request))
        response = self.get_response(request)
        request_id = current_request_id()
        if request_id:
            response["X-Request-ID"] = request_id
        return response
