"""Ticket API: customer, staff and system scopes; each view calls one selector or service."""

from typing import Any

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.tokens import token_issue, tokens_revoke
from api.errors import ErrorSerializer
from api.ordering import StableOrderingFilter
from api.permissions import IsPerson
from api.scopes import CustomerScope, StaffScope, SystemScope
from complaints import selectors, services, workflow
from complaints.api import serializers as api
from complaints.api.filters import TicketFilter
from complaints.api.pagination import TicketCursorPagination
from complaints.api.selectors import (
    ticket_list_for_staff,
    ticket_list_for_system,
    ticket_staff_timeline,
)
from complaints.models import Message, Ticket
from config.security import reply_rate_exceeded

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_MAX_LENGTH = 64

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


# Authentication --------------------------------------------------------------------


class TokenCreateApi(APIView):
    """Exchange a username and password for the account's API token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "auth"

    @extend_schema(
        operation_id="auth_token_create",
        request=api.TokenCreateInputSerializer,
        responses={200: api.TokenOutputSerializer, 400: ErrorSerializer},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = _valid(api.TokenCreateInputSerializer, request)
        user = authenticate(
            request=request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None:
            raise ValidationError(
                {"non_field_errors": [_("The username or password is wrong.")]}
            )
        token = token_issue(user=user)
        return Response({"token": token.key})


class TokenRevokeApi(APIView):
    """Revoke the caller's own API token (sign every client out of the API)."""

    permission_classes = (IsPerson,)
    throttle_scope = "auth"

    @extend_schema(
        operation_id="auth_token_revoke",
        request=None,
        responses={204: None},
        tags=["auth"],
    )
    def delete(self, request: Request) -> Response:
        tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Customer scope --------------------------------------------------------------------


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


def _message_response(
    message: Message,
    ticket: Ticket,
    serializer: type[serializers.Serializer] = api.MessageOutputSerializer,
) -> Response:
    return Response(
        serializer(message, context={"reference": ticket.reference}).data,
        status=status.HTTP_201_CREATED,
    )


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


# Staff scope -----------------------------------------------------------------------


@extend_schema_view(get=extend_schema(operation_id="desk_tickets_list", tags=["staff"]))
class StaffTicketListApi(StaffScope, ListAPIView):
    """Tickets the agent may see, filtered and ordered; managers read too."""

    serializer_class = api.StaffTicketListOutputSerializer
    pagination_class = TicketCursorPagination
    filter_backends = (DjangoFilterBackend, StableOrderingFilter)
    filterset_class = TicketFilter
    ordering_fields = ("received_at", "resolve_by", "updated_at")
    ordering = ("-received_at", "-id")

    def get_queryset(self) -> QuerySet[Ticket]:
        return ticket_list_for_staff(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "now": timezone.now()}


def _staff_detail(request: Request, reference: str) -> dict[str, Any]:
    ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
    timeline = ticket_staff_timeline(ticket=ticket)
    return api.StaffTicketDetailOutputSerializer(
        ticket,
        context={
            "reference": ticket.reference,
            "timeline": timeline,
            "can_hold": workflow.hold_allowed(
                ticket,
                request.user,
                is_on_hold=any(hold.ended_at is None for hold in timeline.holds),
            ),
            "allowed_moves": workflow.allowed_next(ticket, request.user),
            "now": timezone.now(),
        },
    ).data


class StaffTicketDetailApi(StaffScope, APIView):
    @extend_schema(
        operation_id="desk_tickets_retrieve",
        tags=["staff"],
        parameters=[REFERENCE],
        responses={200: api.StaffTicketDetailOutputSerializer},
    )
    def get(self, request: Request, reference: str) -> Response:
        """One ticket with everything staff see, internal notes included."""
        return Response(_staff_detail(request, reference))


class StaffTicketTransitionApi(StaffScope, APIView):
    @extend_schema(
        operation_id="desk_tickets_move",
        tags=["staff"],
        parameters=[REFERENCE],
        request=api.TicketTransitionInputSerializer,
        responses={
            201: api.StatusChangeOutputSerializer,
            400: ErrorSerializer,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        """Move the ticket to another status; resolving needs an outcome."""
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        serializer = _valid(api.TicketTransitionInputSerializer, request)
        change = workflow.ticket_transition(
            ticket=ticket,
            to_status=serializer.validated_data["to_status"],
            actor=request.user,
            note=serializer.validated_data.get("note", ""),
            resolution=serializer.resolution(),
        )
        return Response(
            api.StatusChangeOutputSerializer(change).data,
            status=status.HTTP_201_CREATED,
        )


class StaffMessageCreateApi(StaffScope, APIView):
    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(
        operation_id="desk_tickets_messages_create",
        tags=["staff"],
        parameters=[REFERENCE],
        request={
            "application/json": api.StaffMessageCreateInputSerializer,
            "multipart/form-data": api.StaffMessageCreateInputSerializer,
        },
        responses={
            201: api.StaffMessageOutputSerializer,
            400: ErrorSerializer,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        """A public reply (notifies the customer) or an internal note."""
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        serializer = _valid(api.StaffMessageCreateInputSerializer, request)
        message = services.reply_send(
            ticket=ticket,
            author=request.user,
            body=serializer.validated_data["body"],
            canned_reply=serializer.validated_data.get("canned_reply"),
            is_internal=serializer.validated_data["is_internal"],
            evidence=serializer.evidence_inputs(),
        )
        return _message_response(message, ticket, api.StaffMessageOutputSerializer)


class StaffTicketAssignApi(StaffScope, APIView):
    @extend_schema(
        operation_id="desk_tickets_assign",
        tags=["staff"],
        parameters=[REFERENCE],
        request=api.TicketAssignInputSerializer,
        responses={
            200: api.TicketAssignOutputSerializer,
            400: ErrorSerializer,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        """Assign the ticket; agents may only take an unassigned one themselves."""
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        serializer = _valid(api.TicketAssignInputSerializer, request)
        assigned = services.ticket_assign(
            ticket=ticket,
            assignee=serializer.validated_data["assignee"],
            actor=request.user,
        )
        return Response(api.TicketAssignOutputSerializer(assigned).data)


class StaffTicketHoldApi(StaffScope, APIView):
    @extend_schema(
        operation_id="desk_tickets_hold",
        tags=["staff"],
        parameters=[REFERENCE],
        request=api.HoldInputSerializer,
        responses={201: api.HoldOutputSerializer, 400: ErrorSerializer, 409: CONFLICT},
    )
    def post(self, request: Request, reference: str) -> Response:
        """Put the ticket on hold; waiting on the customer needs the request to them."""
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        serializer = _valid(api.HoldInputSerializer, request)
        hold = workflow.ticket_hold(
            ticket=ticket,
            waiting_on=serializer.validated_data["waiting_on"],
            actor=request.user,
            note=serializer.validated_data.get("note", ""),
            request=serializer.validated_data.get("request", ""),
        )
        return Response(
            api.HoldOutputSerializer(hold).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        operation_id="desk_tickets_release",
        tags=["staff"],
        parameters=[REFERENCE],
        request=None,
        responses={200: api.HoldOutputSerializer, 409: CONFLICT},
    )
    def delete(self, request: Request, reference: str) -> Response:
        """End the ticket's hold: work (and the SLA clock) resumes."""
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        hold = workflow.ticket_release(ticket=ticket, actor=request.user)
        return Response(api.HoldOutputSerializer(hold).data)


class StaffTicketTriageApi(StaffScope, APIView):
    @extend_schema(
        operation_id="desk_tickets_triage",
        tags=["staff"],
        parameters=[REFERENCE],
        request=api.TicketTriageInputSerializer,
        responses={
            200: api.TicketTriageOutputSerializer,
            400: ErrorSerializer,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        """Change priority, queue or root cause; a new queue may re-plan deadlines."""
        ticket = selectors.ticket_get_for_user(user=request.user, reference=reference)
        serializer = _valid(api.TicketTriageInputSerializer, request)
        triaged = services.ticket_triage_update(
            ticket=ticket, actor=request.user, **serializer.changes()
        )
        return Response(api.TicketTriageOutputSerializer(triaged).data)


# System scope ----------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="system_tickets_list",
        tags=["system"],
        parameters=[
            OpenApiParameter(
                "transaction",
                OpenApiTypes.STR,
                required=True,
                description="The ledger reference of the transaction.",
            )
        ],
    )
)
class SystemTicketListApi(SystemScope, ListAPIView):
    """Tickets about one transaction, for the wallet core."""

    serializer_class = api.SystemTicketOutputSerializer
    pagination_class = TicketCursorPagination
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Ticket]:
        reference = self.request.query_params.get("transaction", "").strip()
        # No reference holds a NUL, and PostgreSQL refuses one in a parameter.
        if (
            not reference
            or len(reference) > api.REFERENCE_LENGTH
            or "\x00" in reference
        ):
            raise ValidationError(
                {
                    "transaction": [
                        _("Give the transaction reference (at most 64 characters).")
                    ]
                }
            )
        return ticket_list_for_system(transaction_reference=reference)
