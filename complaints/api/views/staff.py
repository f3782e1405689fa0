"""The staff scope: the desk's tickets, moves, replies, assignment, holds and triage."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import ErrorSerializer
from api.ordering import StableOrderingFilter
from api.scopes import StaffScope
from complaints import selectors, services, workflow
from complaints.api import serializers as api
from complaints.api.filters import TicketFilter, TicketSearchFilter
from complaints.api.pagination import TicketCursorPagination
from complaints.api.selectors import ticket_list_for_staff, ticket_staff_timeline
from complaints.api.views.common import CONFLICT, REFERENCE, _message_response, _valid
from complaints.models import Ticket


@extend_schema_view(get=extend_schema(operation_id="desk_tickets_list", tags=["staff"]))
class StaffTicketListApi(StaffScope, ListAPIView):
    """Tickets the agent may see, filtered and ordered; managers read too."""

    serializer_class = api.StaffTicketListOutputSerializer
    pagination_class = TicketCursorPagination
    filter_backends = (DjangoFilterBackend, StableOrderingFilter, TicketSearchFilter)
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
