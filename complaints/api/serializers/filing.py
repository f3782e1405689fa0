"""Filing a ticket over the API: the input of every kind."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Language
from api.fields import UtcDateTimeField
from complaints.models import REMEDY_MAX_LENGTH, TEXT_MAX_LENGTH, RefundRequest, Ticket
from complaints.services import ComplaintInput, InquiryInput, RefundInput
from transactions.selectors import transaction_list_for_customer

MAX_TRANSACTIONS = 20
REFERENCE_LENGTH = 64


class TicketCreateInputSerializer(serializers.Serializer):
    """One shape for every kind; which fields apply depends on kind and category.

    Transactions are named by their ledger reference. Rules that cross tables
    (ownership, outgoing and completed for refunds, cancelled for inquiries,
    amounts) are checked by ticket_create, as for the web form.
    """

    kind = serializers.ChoiceField(choices=Ticket.Kind.choices)
    category = serializers.ChoiceField(
        choices=Ticket.Category.choices,
        help_text="Must belong to the kind: complaint categories, the refund "
        "sub-kind (wrong_recipient, wrong_amount, duplicate_payment) or "
        "cancelled_transaction.",
    )
    subject = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(max_length=TEXT_MAX_LENGTH, allow_blank=True)
    transaction = serializers.CharField(
        max_length=REFERENCE_LENGTH,
        required=False,
        allow_blank=True,
        help_text="Reference of the customer's transaction: required for refunds, "
        "inquiries and most complaint categories.",
    )
    transactions = serializers.ListField(
        child=serializers.CharField(max_length=REFERENCE_LENGTH),
        required=False,
        max_length=MAX_TRANSACTIONS,
        help_text="Complaints only: further transaction references.",
    )
    happened_at = UtcDateTimeField(required=False, allow_null=True)
    remedy_sought = serializers.CharField(
        max_length=REMEDY_MAX_LENGTH, required=False, allow_blank=True
    )
    amount_requested = serializers.DecimalField(
        max_digits=20, decimal_places=8, required=False, allow_null=True
    )
    intended_recipient = serializers.CharField(
        max_length=128, required=False, allow_blank=True
    )
    actual_recipient = serializers.CharField(
        max_length=128, required=False, allow_blank=True
    )
    intended_amount = serializers.DecimalField(
        max_digits=20, decimal_places=8, required=False, allow_null=True
    )
    payee_chosen_via = serializers.ChoiceField(
        choices=RefundRequest.PayeeChosenVia.choices, required=False, allow_blank=True
    )
    duplicate_of = serializers.CharField(
        max_length=REFERENCE_LENGTH, required=False, allow_blank=True
    )
    language = serializers.ChoiceField(choices=Language.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        named = [attrs.get("transaction", ""), attrs.get("duplicate_of", "")]
        named += attrs.get("transactions", [])
        wanted = {reference for reference in named if reference}
        owned = dict(
            transaction_list_for_customer(customer=self.context["customer"])
            .filter(reference__in=wanted)
            .values_list("reference", "pk")
        )
        errors = {}
        for name in ("transaction", "duplicate_of"):
            if attrs.get(name) and attrs[name] not in owned:
                errors[name] = _("Choose one of your own transactions.")
        if any(reference not in owned for reference in attrs.get("transactions", [])):
            errors["transactions"] = _("Choose one of your own transactions.")
        if errors:
            raise serializers.ValidationError(errors)
        attrs["ids"] = owned
        return attrs

    def details(self) -> ComplaintInput | RefundInput | InquiryInput:
        """The kind's details for ticket_create, references turned into ids."""
        values = self.validated_data
        ids = values["ids"]
        picked = ids.get(values.get("transaction", ""))
        if values["kind"] == Ticket.Kind.MISOPERATION_REFUND:
            return RefundInput(
                transaction_id=picked,
                amount_requested=values.get("amount_requested"),
                intended_recipient=values.get("intended_recipient", ""),
                actual_recipient=values.get("actual_recipient", ""),
                intended_amount=values.get("intended_amount"),
                payee_chosen_via=values.get("payee_chosen_via", ""),
                duplicate_of_id=ids.get(values.get("duplicate_of", "")),
            )
        if values["kind"] == Ticket.Kind.CANCELLED_TX_INQUIRY:
            return InquiryInput(transaction_id=picked)
        chosen = [picked] if picked is not None else []
        chosen += [ids[reference] for reference in values.get("transactions", [])]
        return ComplaintInput(
            transaction_ids=tuple(dict.fromkeys(chosen)),
            happened_at=values.get("happened_at"),
            remedy_sought=values.get("remedy_sought", ""),
        )
