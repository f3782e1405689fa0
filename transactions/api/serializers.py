"""Transaction API shapes: the customer's records out, the wallet core's records in."""

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import UtcDateTimeField
from config.formats.serializer_fields import MoneyAmountField
from transactions.models import Transaction

MAX_RECORDS = 1000


class TransactionOutputSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UtcDateTimeField,
    }
    cancel_source = serializers.CharField(
        read_only=True,
        help_text="Who cancelled it (system_failure, user, risk_control, "
        "compliance); empty unless cancelled.",
    )
    amount = MoneyAmountField()
    fee = MoneyAmountField()

    class Meta:
        model = Transaction
        fields = (
            "reference",
            "type",
            "amount",
            "currency",
            "network",
            "fee",
            "status",
            "cancel_source",
            "cancel_reason",
            "counterparty_name",
            "counterparty_account",
            "chain_hash",
            "occurred_at",
            "completed_at",
            "cancelled_at",
        )
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentField(serializers.CharField):
    """An ISO 8601 moment with its UTC offset, passed to the importer as written."""


class TransactionRecordInputSerializer(serializers.Serializer):
    """One ledger record; only JSON types are coerced here, the importer checks the rest.

    The owner is named by account_id, or by owner (a username) as before.

    Amounts are decimal strings (such as "12.50"), never floats.
    """

    reference = serializers.CharField(max_length=64)
    account_id = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        help_text="The wallet account id of the customer who owns the record.",
    )
    owner = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        help_text="Deprecated: the owner's username, for clients from before "
        "account ids. Give account_id (or both, naming the same customer).",
    )
    type = serializers.ChoiceField(choices=Transaction.Type.choices)
    amount = serializers.CharField(max_length=40, help_text="Decimal, more than zero.")
    currency = serializers.CharField(max_length=12)
    status = serializers.ChoiceField(choices=Transaction.Status.choices)
    occurred_at = MomentField(max_length=40)
    network = serializers.CharField(max_length=32, required=False, allow_blank=True)
    fee = serializers.CharField(max_length=40, required=False, allow_blank=True)
    cancel_source = serializers.ChoiceField(
        choices=Transaction.CancelSource.choices, required=False, allow_blank=True
    )
    cancel_reason = serializers.CharField(
        max_length=255, required=False, allow_blank=True
    )
    counterparty_name = serializers.CharField(
        max_length=128, required=False, allow_blank=True
    )
    counterparty_account = serializers.CharField(
        max_length=128, required=False, allow_blank=True
    )
    chain_hash = serializers.CharField(max_length=128, required=False, allow_blank=True)
    completed_at = MomentField(max_length=40, required=False, allow_blank=True)
    cancelled_at = MomentField(max_length=40, required=False, allow_blank=True)


class TransactionPushInputSerializer(serializers.Serializer):
    records = serializers.ListField(
        child=TransactionRecordInputSerializer(),
        min_length=1,
        max_length=MAX_RECORDS,
    )


class TransactionPushOutputSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="New records stored.")
    skipped = serializers.IntegerField(
        help_text="Records whose reference was already stored with the same owner, "
        "amount and currency."
    )
