"""One error body for the whole API: {"error": {"code", "message", ...}}."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from config.errors import DomainError


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="Stable machine-readable code, e.g. invalid, not_found, "
        "invalid_transition, not_allowed, duplicate_ticket, throttled."
    )
    message = serializers.CharField(
        help_text="Human-readable, in the request's language."
    )
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For code invalid: the messages per input field "
        "(non_field_errors for the request as a whole).",
    )
    records = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="For a refused transaction push: {index, message} per bad record.",
    )
    ticket = serializers.CharField(
        required=False,
        help_text="For duplicate_ticket: the reference of the open ticket.",
    )
    retry_after = serializers.IntegerField(
        required=False, help_text="For throttled: seconds to wait."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), **extra}}


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [
            f"{key}: {message}"
            for key, value in detail.items()
            for message in _messages(value)
        ]
    if isinstance(detail, list | tuple):
        return [message for item in detail for message in _messages(item)]
    return [str(detail)]


def _field_errors(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(key): _messages(value) for key, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _django_field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if key == "__all__" else key): messages
            for key, messages in error.message_dict.items()
        }
    return {"non_field_errors": list(error.messages)}


_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.ParseError: "parse_error",
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer every API error with the same body; anything else stays a 500."""
    headers: dict[str, str] = {}
    if isinstance(exc, DomainError):
        return Response(
            error_body(exc.code, exc.message, **exc.details),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(
            error_body(
                "invalid",
                _("The request has errors."),
                fields=_django_field_errors(exc),
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    if auth_header := getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = auth_header
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            "invalid", _("The request has errors."), fields=_field_errors(exc.detail)
        )
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        headers["Retry-After"] = str(wait)
        body = error_body(
            "throttled",
            _("Too many requests. Try again in %(seconds)d seconds.")
            % {"seconds": wait},
            retry_after=wait,
        )
    else:
        code = next(
            (code for kind, code in _CODES.items() if isinstance(exc, kind)),
            exc.default_code,
        )
        body = error_body(code, " ".join(_messages(exc.detail)))
    return Response(body, status=exc.status_code, headers=headers)
