"""The system scope's output: what the wallet core reads of a ticket."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import UtcDateTimeField
from complaints.api.serializers.common import OUTCOME_AMOUNT_HELP
from complaints.models import Ticket
from config.formats.serializer_fields import MoneyAmountField


class SystemTicketOutputSerializer(serializers.Serializer):
    """What the wallet core reads of a ticket: its state, never the conversation."""

    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=Ticket.Kind.choices)
    category = serializers.ChoiceField(choices=Ticket.Category.choices)
    status = serializers.ChoiceField(choices=Ticket.Status.choices)
    customer = serializers.CharField(
        source="customer.username", help_text="The customer's username."
    )
    received_at = UtcDateTimeField()
    acknowledged_at = UtcDateTimeField(allow_null=True)
    resolve_by = UtcDateTimeField(allow_null=True)
    resolved_at = UtcDateTimeField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    outcome_amount = MoneyAmountField(
        currency_field="outcome_currency",
        allow_null=True,
        help_text=OUTCOME_AMOUNT_HELP,
    )
    outcome_currency = serializers.CharField(allow_blank=True)
    transactions = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_transactions(self, ticket: Ticket) -> list[str]:
        return [
            link.snapshot.get("reference", "")
            for link in ticket.transaction_links.all()
        ]
