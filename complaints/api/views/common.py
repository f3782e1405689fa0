"""What the scopes' views share: schema pieces, input validation, the message response."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import ErrorSerializer
from complaints.api import serializers as api
from complaints.models import Message, Ticket

CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description="The workflow refuses this (error.code invalid_transition or "
    "not_allowed, error.message says why); nothing changed.",
)
REFERENCE = OpenApiParameter(
    "reference",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The ticket reference, such as WD-2026-000123.",
)


def _valid(serializer_class: type, request: Request, **context: Any) -> Any:
    serializer = serializer_class(data=request.data, context=context)
    serializer.is_valid(raise_exception=True)
    return serializer


def _message_response(
    message: Message,
    ticket: Ticket,
    serializer: type[serializers.Serializer] = api.MessageOutputSerializer,
) -> Response:
    return Response(
        serializer(message, context={"reference": ticket.reference}).data,
        status=status.HTTP_201_CREATED,
    )
