"""The staff scope's outputs: the desk's tickets, messages, moves, holds, assignment and triage."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import UtcDateTimeField
from complaints.api.selectors import StaffTimeline
from complaints.api.serializers.common import (
    OUTCOME_AMOUNT_HELP,
    AttachmentOutputSerializer,
    TicketDetailsSerializer,
    TicketSummarySerializer,
    TransactionSnapshotSerializer,
    _snapshots,
    ticket_details,
)
from complaints.models import StatusChange, Ticket, TicketHold
from complaints.selectors import SlaState, sla_state
from config.formats.serializer_fields import MoneyAmountField


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class StaffTicketListOutputSerializer(TicketSummarySerializer):
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices)
    channel = serializers.ChoiceField(choices=Ticket.Channel.choices)
    queue = serializers.CharField(
        source="queue.slug", allow_null=True, help_text="The queue's slug."
    )
    assignee = PersonSerializer(allow_null=True)
    customer = PersonSerializer()
    resolve_by = UtcDateTimeField(allow_null=True)
    resolved_at = UtcDateTimeField(allow_null=True)
    sla_state = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=SlaState.CHOICES))
    def get_sla_state(self, ticket: Ticket) -> str:
        return sla_state(ticket=ticket, now=self.context.get("now"))


class StaffMessageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = PersonSerializer()
    is_internal = serializers.BooleanField()
    body = serializers.CharField(allow_blank=True)
    created_at = UtcDateTimeField()
    attachments = AttachmentOutputSerializer(many=True)


class StatusChangeOutputSerializer(serializers.Serializer):
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField()
    actor = PersonSerializer(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    created_at = UtcDateTimeField()


class HoldOutputSerializer(serializers.Serializer):
    waiting_on = serializers.ChoiceField(choices=TicketHold.WaitingOn.choices)
    request = serializers.SerializerMethodField(
        help_text="What the customer was asked (their hold's public request)."
    )
    note = serializers.CharField(allow_blank=True)
    started_at = UtcDateTimeField()
    ended_at = UtcDateTimeField(allow_null=True)

    def get_request(self, hold: TicketHold) -> str:
        return hold.request.body if hold.request_id else ""


class StaffTicketDetailOutputSerializer(StaffTicketListOutputSerializer):
    description = serializers.CharField()
    language = serializers.CharField()
    acknowledged_at = UtcDateTimeField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    outcome_amount = MoneyAmountField(
        currency_field="outcome_currency",
        allow_null=True,
        help_text=OUTCOME_AMOUNT_HELP,
    )
    outcome_currency = serializers.CharField(allow_blank=True)
    resolution_summary = serializers.CharField(allow_blank=True)
    root_cause = serializers.CharField(allow_blank=True)
    rating = serializers.IntegerField(allow_null=True)
    rating_comment = serializers.CharField(allow_blank=True)
    details = serializers.SerializerMethodField()
    transactions = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()
    status_changes = serializers.SerializerMethodField()
    holds = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()
    can_hold = serializers.SerializerMethodField(
        help_text="Whether you may put the ticket on hold now (the workflow's guard)."
    )

    def _timeline(self) -> StaffTimeline:
        return self.context["timeline"]

    @extend_schema_field(TicketDetailsSerializer)
    def get_details(self, ticket: Ticket) -> dict[str, Any]:
        return TicketDetailsSerializer(ticket_details(ticket)).data

    @extend_schema_field(TransactionSnapshotSerializer(many=True))
    def get_transactions(self, ticket: Ticket) -> list[dict[str, str]]:
        return _snapshots(self._timeline().links)

    @extend_schema_field(AttachmentOutputSerializer(many=True))
    def get_files(self, ticket: Ticket) -> list[dict[str, Any]]:
        return AttachmentOutputSerializer(
            self._timeline().files, many=True, context=self.context
        ).data

    @extend_schema_field(StaffMessageOutputSerializer(many=True))
    def get_messages(self, ticket: Ticket) -> list[dict[str, Any]]:
        return StaffMessageOutputSerializer(
            self._timeline().messages, many=True, context=self.context
        ).data

    @extend_schema_field(StatusChangeOutputSerializer(many=True))
    def get_status_changes(self, ticket: Ticket) -> list[dict[str, Any]]:
        changes: list[StatusChange] = self._timeline().changes
        return StatusChangeOutputSerializer(changes, many=True).data

    @extend_schema_field(HoldOutputSerializer(many=True))
    def get_holds(self, ticket: Ticket) -> list[dict[str, Any]]:
        return HoldOutputSerializer(self._timeline().holds, many=True).data

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=Ticket.Status.choices)
        )
    )
    def get_allowed_moves(self, ticket: Ticket) -> list[str]:
        return [str(status) for status in self.context["allowed_moves"]]

    @extend_schema_field(serializers.BooleanField())
    def get_can_hold(self, ticket: Ticket) -> bool:
        return self.context["can_hold"]


class TicketAssignOutputSerializer(serializers.Serializer):
    reference = serializers.CharField()
    assignee = PersonSerializer(allow_null=True)


class TicketTriageOutputSerializer(serializers.Serializer):
    """The triage fields after the change, with the deadline they lead to.

    Not the whole ticket: an agent who moves a ticket out of their queues no
    longer sees it.
    """

    reference = serializers.CharField()
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices)
    queue = serializers.CharField(
        source="queue.slug", allow_null=True, help_text="The queue's slug."
    )
    root_cause = serializers.CharField(allow_blank=True)
    resolve_by = serializers.DateTimeField(allow_null=True)
