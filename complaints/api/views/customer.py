"""The customer scope: a customer's own tickets, replies, reopening and rating."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import ErrorSerializer
from api.scopes import CustomerScope
from complaints import selectors, services, workflow
from complaints.api import serializers as api
from complaints.api.pagination import TicketCursorPagination
from complaints.api.views.common import CONFLICT, REFERENCE, _message_response, _valid
from complaints.models import Ticket
from config.security import reply_rate_exceeded

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_MAX_LENGTH = 64


@extend_schema_view(
    get=extend_schema(
        operation_id="my_tickets_list",
        tags=["customer"],
        parameters=[
            OpenApiParameter(
                "state",
                OpenApiTypes.STR,
                enum=["open", "resolved"],
                description="Only open or only resolved tickets.",
            )
        ],
    )
)
class CustomerTicketListCreateApi(CustomerScope, ListAPIView):
    """The customer's own tickets (GET), or file a new one (POST)."""

    serializer_class = api.TicketListOutputSerializer
    pagination_class = TicketCursorPagination
    filter_backends = ()
    parser_classes = (JSONParser,)

    def get_queryset(self) -> QuerySet[Ticket]:
        state = self.request.query_params.get("state", "")
        return selectors.ticket_list_for_customer(
            customer=self.request.user,
            state=state if state in {"open", "resolved"} else "",
        )

    @extend_schema(
        operation_id="my_tickets_create",
        tags=["customer"],
        request=api.TicketCreateInputSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Any unique string (a UUID) per submission, at most 64 "
                "characters. Sending the same key again returns the ticket the "
                "first request created, with 200 instead of 201.",
            )
        ],
        responses={
            201: api.TicketDetailOutputSerializer,
            200: OpenApiResponse(
                api.TicketDetailOutputSerializer,
                description="A repeated Idempotency-Key: the ticket already filed.",
            ),
            400: ErrorSerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description="An open ticket of this kind about this transaction "
                "exists (error.code duplicate_ticket, error.ticket its reference).",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(key) > IDEMPOTENCY_MAX_LENGTH:
            raise ValidationError(
                {
                    IDEMPOTENCY_HEADER: [
                        _("Send an Idempotency-Key of at most 64 characters.")
                    ]
                }
            )
        serializer = _valid(
            api.TicketCreateInputSerializer, request, customer=request.user
        )
        started = timezone.now()
        ticket = services.ticket_create(
            customer=request.user,
            kind=serializer.validated_data["kind"],
            category=serializer.validated_data["category"],
            subject=serializer.validated_data["subject"],
            description=serializer.validated_data["description"],
            details=serializer.details(),
            channel=Ticket.Channel.API,
            language=serializer.validated_data.get("language") or request.LANGUAGE_CODE,
            client_token=key,
        )
        # ticket_create hands back the first ticket for a repeated key; a ticket
        # created before this request started is that earlier one.
        created = ticket.created_at >= started
        return Response(
            _customer_detail(request, ticket.reference),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _customer_detail(request: Request, reference: str) -> dict[str, Any]:
    ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
    return api.TicketDetailOutputSerializer(
        ticket,
        context={
            "reference": ticket.reference,
            "timeline": selectors.ticket_public_timeline(ticket=ticket),
            "actions": selectors.ticket_customer_actions(
                ticket=ticket, user=request.user
            ),
        },
    ).data


class CustomerTicketDetailApi(CustomerScope, APIView):
    @extend_schema(
        operation_id="my_tickets_retrieve",
        tags=["customer"],
        parameters=[REFERENCE],
        responses={200: api.TicketDetailOutputSerializer},
    )
    def get(self, request: Request, reference: str) -> Response:
        """One of the customer's tickets with its public timeline."""
        return Response(_customer_detail(request, reference))


class CustomerMessageCreateApi(CustomerScope, APIView):
    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(
        operation_id="my_tickets_messages_create",
        tags=["customer"],
        parameters=[REFERENCE],
        request={
            "application/json": api.MessageCreateInputSerializer,
            "multipart/form-data": api.MessageCreateInputSerializer,
        },
        responses={
            201: api.MessageOutputSerializer,
            400: ErrorSerializer,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        """Reply on an open ticket, with evidence files if sent as multipart."""
        if reply_rate_exceeded(request):
            raise Throttled(
                detail=_("You have sent many replies just now. Please wait a while.")
            )
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        serializer = _valid(api.MessageCreateInputSerializer, request)
        message = services.message_add(
            ticket=ticket,
            author=request.user,
            body=serializer.validated_data["body"],
            evidence=serializer.evidence_inputs(),
        )
        return _message_response(message, ticket)


class CustomerAttachmentCreateApi(CustomerScope, APIView):
    parser_classes = (MultiPartParser,)

    @extend_schema(
        operation_id="my_tickets_attachments_create",
        tags=["customer"],
        parameters=[REFERENCE],
        request={"multipart/form-data": api.AttachmentCreateInputSerializer},
        responses={
            201: api.MessageOutputSerializer,
            400: ErrorSerializer,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        """Attach evidence files to an open ticket (they arrive as a reply)."""
        if reply_rate_exceeded(request):
            raise Throttled(
                detail=_("You have sent many replies just now. Please wait a while.")
            )
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        serializer = _valid(api.AttachmentCreateInputSerializer, request)
        message = services.message_add(
            ticket=ticket,
            author=request.user,
            body="",
            evidence=serializer.evidence_inputs(),
        )
        return _message_response(message, ticket)


class CustomerTicketReopenApi(CustomerScope, APIView):
    @extend_schema(
        operation_id="my_tickets_reopen",
        tags=["customer"],
        parameters=[REFERENCE],
        request=api.TicketReopenInputSerializer,
        responses={
            200: api.TicketDetailOutputSerializer,
            400: ErrorSerializer,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        """Reopen a resolved ticket within 30 days of its resolution."""
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        serializer = _valid(api.TicketReopenInputSerializer, request)
        workflow.ticket_transition(
            ticket=ticket,
            to_status=Ticket.Status.INVESTIGATING,
            actor=request.user,
            note=serializer.validated_data["reason"],
        )
        return Response(_customer_detail(request, reference))


class CustomerTicketRateApi(CustomerScope, APIView):
    @extend_schema(
        operation_id="my_tickets_rate",
        tags=["customer"],
        parameters=[REFERENCE],
        request=api.TicketRateInputSerializer,
        responses={
            200: api.TicketDetailOutputSerializer,
            400: ErrorSerializer,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        """Rate a resolved ticket from 1 to 5, once per resolution."""
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        serializer = _valid(api.TicketRateInputSerializer, request)
        services.ticket_rate(
            ticket=ticket,
            customer=request.user,
            rating=serializer.validated_data["rating"],
            comment=serializer.validated_data.get("comment", ""),
        )
        return Response(_customer_detail(request, reference))
