"""Output shapes every scope shares: linked transactions, attachments, kind details,
the ticket summary."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from api.fields import UtcDateTimeField
from complaints.models import Attachment, Ticket, TicketTransaction
from config.formats.money import money_plain
from config.formats.serializer_fields import MoneyAmountField


class TransactionSnapshotSerializer(serializers.Serializer):
    """A linked transaction as it was when the ticket was filed."""

    reference = serializers.CharField()
    type = serializers.CharField()
    amount = serializers.CharField()
    currency = serializers.CharField()
    network = serializers.CharField(required=False)
    fee = serializers.CharField(required=False)
    status = serializers.CharField()
    cancel_source = serializers.CharField(required=False)
    cancel_reason = serializers.CharField(required=False)
    counterparty_name = serializers.CharField(required=False)
    counterparty_account = serializers.CharField(required=False)
    chain_hash = serializers.CharField(required=False)
    occurred_at = serializers.CharField()
    completed_at = serializers.CharField(required=False)
    cancelled_at = serializers.CharField(required=False)


def _snapshots(links: Sequence[TicketTransaction]) -> list[dict[str, str]]:
    """The records as filed, amounts with their currency's decimals."""
    snapshots = []
    for link in links:
        snapshot = dict(link.snapshot)
        for name in ("amount", "fee"):
            if snapshot.get(name):
                snapshot[name] = money_plain(snapshot[name], snapshot.get("currency"))
        snapshots.append(snapshot)
    return snapshots


class AttachmentOutputSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    evidence_type = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    created_at = UtcDateTimeField()
    state = serializers.ChoiceField(
        choices=Attachment.State.choices,
        read_only=True,
        help_text="Images are processing until re-encoded, then ready or rejected.",
    )
    rejected_reason = serializers.SerializerMethodField(
        help_text="Why a rejected file was refused, in the request's language."
    )
    url = serializers.SerializerMethodField(
        help_text="Download link for a signed-in browser session; null until ready."
    )

    def get_rejected_reason(self, attachment: Attachment) -> str:
        return attachment.get_rejected_reason_display()

    def get_url(self, attachment: Attachment) -> str | None:
        if not attachment.is_ready:
            return None
        return reverse(
            "complaints:attachment_download",
            args=[self.context["reference"], attachment.token],
        )


class TicketDetailsSerializer(serializers.Serializer):
    """Kind-specific facts; only the kind's own keys are present."""

    happened_at = UtcDateTimeField(required=False, allow_null=True)
    remedy_sought = serializers.CharField(required=False)
    transaction = serializers.CharField(required=False)
    # Not read_only: the schema would then mark the key required, and only a
    # refund's details have it.
    amount_requested = MoneyAmountField(read_only=False, required=False)
    currency = serializers.CharField(required=False)
    intended_recipient = serializers.CharField(required=False)
    actual_recipient = serializers.CharField(required=False)
    intended_amount = MoneyAmountField(read_only=False, required=False, allow_null=True)
    payee_chosen_via = serializers.CharField(required=False)
    duplicate_of = serializers.CharField(required=False, allow_null=True)
    cancel_source = serializers.CharField(required=False)
    funds_location = serializers.CharField(required=False)
    return_due_by = serializers.DateField(required=False, allow_null=True)


def ticket_details(ticket: Ticket) -> dict[str, Any]:
    """The kind's detail row as a dict; the selector loaded it with the ticket."""
    if ticket.kind == Ticket.Kind.MISOPERATION_REFUND:
        refund = ticket.refund_request
        return {
            "transaction": refund.transaction.reference,
            "amount_requested": refund.amount_requested,
            "currency": refund.currency,
            "intended_recipient": refund.intended_recipient,
            "actual_recipient": refund.actual_recipient,
            "intended_amount": refund.intended_amount,
            "payee_chosen_via": refund.payee_chosen_via,
            "duplicate_of": refund.duplicate_of.reference
            if refund.duplicate_of
            else None,
        }
    if ticket.kind == Ticket.Kind.CANCELLED_TX_INQUIRY:
        inquiry = ticket.cancellation_inquiry
        return {
            "transaction": inquiry.transaction.reference,
            "cancel_source": inquiry.cancel_source,
            "funds_location": inquiry.funds_location,
            "return_due_by": inquiry.return_due_by,
        }
    detail = getattr(ticket, "complaint_detail", None)
    return {
        "happened_at": detail.happened_at if detail else None,
        "remedy_sought": detail.remedy_sought if detail else "",
    }


OUTCOME_AMOUNT_HELP = (
    "The refund or compensation approved when the ticket was resolved, in "
    "outcome_currency. An approval, not a confirmation that it was paid."
)


class TicketSummarySerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=Ticket.Kind.choices)
    category = serializers.ChoiceField(choices=Ticket.Category.choices)
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Ticket.Status.choices)
    received_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
