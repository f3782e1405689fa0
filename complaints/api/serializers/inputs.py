"""What callers send on a filed ticket: replies, files, moves, assignment, triage, holds."""

from typing import Any

from rest_framework import serializers

from accounts.models import User
from complaints.models import (
    TEXT_MAX_LENGTH,
    Attachment,
    CannedReply,
    Queue,
    Ticket,
    TicketHold,
)
from complaints.services import EvidenceInput
from complaints.workflow import Resolution


class EvidenceInputMixin(serializers.Serializer):
    evidence = serializers.ListField(
        child=serializers.FileField(max_length=255),
        required=False,
        help_text="Files (multipart/form-data): PNG, JPEG, GIF, WebP, PDF or text.",
    )
    evidence_type = serializers.ChoiceField(
        choices=Attachment.EvidenceType.choices,
        required=False,
        default=Attachment.EvidenceType.OTHER,
    )

    def evidence_inputs(self) -> list[EvidenceInput]:
        kind = self.validated_data.get("evidence_type") or Attachment.EvidenceType.OTHER
        return [
            EvidenceInput(file=upload, evidence_type=kind)
            for upload in self.validated_data.get("evidence", [])
        ]


class MessageCreateInputSerializer(EvidenceInputMixin):
    body = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class AttachmentCreateInputSerializer(EvidenceInputMixin):
    evidence = serializers.ListField(
        child=serializers.FileField(max_length=255),
        min_length=1,
        help_text="Files (multipart/form-data): PNG, JPEG, GIF, WebP, PDF or text.",
    )


class StaffMessageCreateInputSerializer(MessageCreateInputSerializer):
    is_internal = serializers.BooleanField(default=False)
    canned_reply = serializers.PrimaryKeyRelatedField(
        queryset=CannedReply.objects.all(), required=False, allow_null=True
    )


class TicketReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class TicketRateInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TicketTransitionInputSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Ticket.Status.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=Ticket.Outcome.choices,
        required=False,
        allow_blank=True,
        help_text="Required to resolve.",
    )
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    amount = serializers.DecimalField(
        max_digits=20, decimal_places=8, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=12, required=False, allow_blank=True)
    root_cause = serializers.ChoiceField(
        choices=Ticket.RootCause.choices, required=False, allow_blank=True
    )

    def resolution(self) -> Resolution | None:
        values = self.validated_data
        if not values.get("outcome"):
            return None
        return Resolution(
            outcome=values["outcome"],
            summary=values.get("summary", ""),
            amount=values.get("amount"),
            currency=values.get("currency", ""),
            root_cause=values.get("root_cause", ""),
        )


class TicketAssignInputSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        allow_null=True,
        help_text="User id of an active agent or supervisor; null unassigns.",
    )


class TicketTriageInputSerializer(serializers.Serializer):
    """Only the fields sent change; the others stay as they are."""

    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, required=False)
    queue = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Queue.objects.all(),
        allow_null=True,
        required=False,
        help_text="The queue's slug; null takes the ticket out of every queue. "
        "A queue with its own SLA profile re-plans the open ticket's deadlines.",
    )
    root_cause = serializers.ChoiceField(
        choices=Ticket.RootCause.choices, required=False, allow_blank=True
    )

    def changes(self) -> dict[str, Any]:
        return {
            name: self.validated_data[name]
            for name in ("priority", "queue", "root_cause")
            if name in self.validated_data
        }


class HoldInputSerializer(serializers.Serializer):
    waiting_on = serializers.ChoiceField(choices=TicketHold.WaitingOn.choices)
    request = serializers.CharField(
        max_length=20000,
        required=False,
        allow_blank=True,
        help_text="Required when waiting on the customer: posted to them as a reply.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
