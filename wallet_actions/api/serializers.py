from rest_framework import serializers

from wallet_actions.services.outcomes import ANSWERS


class ActionOutcomeInputSerializer(serializers.Serializer):
    attempt = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        help_text="The attempt this answers (action.attempt).",
    )
    outcome = serializers.ChoiceField(
        choices=[str(answer) for answer in ANSWERS],
        help_text="sent: accepted and working on it; confirmed, refused, failed: done.",
    )
    core_reference = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )
    message = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why it was refused or failed, for the agent.",
    )
    amount = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        default=None,
        help_text="For a payout: the amount moved, which must equal the request's.",
    )
    currency = serializers.CharField(
        max_length=8, required=False, allow_blank=True, default=""
    )


class ActionOutcomeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    attempt = serializers.IntegerField()
    state = serializers.CharField()
    recorded = serializers.BooleanField(
        help_text="False when this answer was already recorded, or answers an "
        "earlier attempt: nothing changed."
    )


class PaymentCheckInputSerializer(serializers.Serializer):
    transaction = serializers.CharField(
        max_length=64, help_text="The ledger reference of the unusual payment."
    )
    reason = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the core finds it unusual (for staff; never shown to the customer).",
    )


class PaymentCheckOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    transaction = serializers.CharField(source="transaction.reference")
    state = serializers.CharField(
        help_text="asked, confirmed (it was the customer), disputed (a complaint "
        "was filed), escalated (no answer in time)."
    )
    asked_at = serializers.DateTimeField()
    ticket = serializers.CharField(
        source="ticket.reference", allow_null=True, default=None
    )
