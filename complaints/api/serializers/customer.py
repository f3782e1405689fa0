"""The customer scope's outputs: their tickets, public timeline, actions and messages."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import UtcDateTimeField
from complaints.api.serializers.common import (
    OUTCOME_AMOUNT_HELP,
    AttachmentOutputSerializer,
    TicketDetailsSerializer,
    TicketSummarySerializer,
    TransactionSnapshotSerializer,
    _snapshots,
    ticket_details,
)
from complaints.models import Message, Ticket, TicketHold
from complaints.selectors import CustomerActions
from config.formats.money import money_plain
from config.formats.serializer_fields import MoneyAmountField


class TicketListOutputSerializer(TicketSummarySerializer):
    last_activity_at = UtcDateTimeField(
        help_text="The later of the last change and the last public reply."
    )


class TimelineEventOutputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["status_change", "message"])
    at = UtcDateTimeField()
    from_status = serializers.CharField(required=False, allow_blank=True)
    to_status = serializers.CharField(required=False)
    note = serializers.CharField(
        required=False, help_text="The customer's own reason for reopening."
    )
    author = serializers.ChoiceField(choices=["customer", "staff"], required=False)
    body = serializers.CharField(required=False, allow_blank=True)
    attachments = AttachmentOutputSerializer(many=True, required=False)


class CustomerActionsSerializer(serializers.Serializer):
    can_reply = serializers.BooleanField()
    can_reopen = serializers.BooleanField()
    can_rate = serializers.BooleanField()
    reopen_until = UtcDateTimeField(allow_null=True)


class CustomerHoldSerializer(serializers.Serializer):
    """The hold a customer sees: whom the ticket waits on, what is asked, since when."""

    waiting_on = serializers.ChoiceField(choices=TicketHold.WaitingOn.choices)
    request = serializers.CharField(
        allow_blank=True, help_text="What we need from you (empty for a third party)."
    )
    since = UtcDateTimeField()


class CustomerWalletActionSerializer(serializers.Serializer):
    """What the wallet did, or was asked to do, on the ticket, as the customer reads it.

    done (and a payout's paid) only once the wallet core confirmed it.
    """

    kind = serializers.CharField(
        help_text="refund_payout, account_freeze, account_unfreeze, payment_hold, "
        "payment_release."
    )
    done = serializers.BooleanField()
    paid = serializers.BooleanField(help_text="A payout the wallet confirmed.")
    text = serializers.CharField(help_text="In the request's language.")
    amount = serializers.CharField(allow_null=True)
    currency = serializers.CharField(allow_blank=True)
    reference = serializers.CharField(
        allow_blank=True, help_text="The wallet's reference, once done."
    )
    done_at = UtcDateTimeField(allow_null=True)


class TicketDetailOutputSerializer(TicketSummarySerializer):
    """One ticket as its customer sees it: never internal notes, files or holds."""

    description = serializers.CharField()
    channel = serializers.CharField()
    language = serializers.CharField()
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
    resolution_summary = serializers.CharField(allow_blank=True)
    rating = serializers.IntegerField(allow_null=True)
    rating_comment = serializers.CharField(allow_blank=True)
    details = serializers.SerializerMethodField()
    transactions = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    hold = serializers.SerializerMethodField(
        help_text="Whom the ticket waits on now, if anyone: you (with what we need) "
        "or a third party."
    )
    actions = serializers.SerializerMethodField()
    wallet = serializers.SerializerMethodField(
        help_text="What the wallet did or was asked to do on this ticket."
    )

    @extend_schema_field(CustomerWalletActionSerializer(many=True))
    def get_wallet(self, ticket: Ticket) -> list[dict[str, Any]]:
        # wallet_actions builds on complaints: reached by the relation's name.
        items = []
        for action in ticket.wallet_actions.for_customer().order_by(
            "requested_at", "pk"
        ):
            done = action.is_done
            items.append(
                {
                    "kind": action.kind,
                    "done": done,
                    "paid": action.is_paid,
                    "text": action.customer_line(),
                    "amount": money_plain(action.amount, action.currency)
                    if action.amount is not None
                    else None,
                    "currency": action.currency,
                    "reference": action.core_reference if done else "",
                    "done_at": action.answered_at if done else None,
                }
            )
        return CustomerWalletActionSerializer(items, many=True).data

    @extend_schema_field(CustomerHoldSerializer(allow_null=True))
    def get_hold(self, ticket: Ticket) -> dict[str, Any] | None:
        hold = self.context["timeline"]["hold"]
        if hold is None:
            return None
        return CustomerHoldSerializer(
            {
                "waiting_on": hold.waiting_on,
                "request": hold.request.body if hold.request_id else "",
                "since": hold.started_at,
            }
        ).data

    @extend_schema_field(TicketDetailsSerializer)
    def get_details(self, ticket: Ticket) -> dict[str, Any]:
        return TicketDetailsSerializer(ticket_details(ticket)).data

    @extend_schema_field(TransactionSnapshotSerializer(many=True))
    def get_transactions(self, ticket: Ticket) -> list[dict[str, str]]:
        return _snapshots(self.context["timeline"]["links"])

    @extend_schema_field(AttachmentOutputSerializer(many=True))
    def get_files(self, ticket: Ticket) -> list[dict[str, Any]]:
        return AttachmentOutputSerializer(
            self.context["timeline"]["files"], many=True, context=self.context
        ).data

    @extend_schema_field(TimelineEventOutputSerializer(many=True))
    def get_timeline(self, ticket: Ticket) -> list[dict[str, Any]]:
        events = []
        for event in self.context["timeline"]["events"]:
            if event.hold is not None:
                continue  # the current hold is the "hold" field
            if event.change is not None:
                change = event.change
                item = {
                    "type": "status_change",
                    "at": change.created_at,
                    "from_status": change.from_status,
                    "to_status": change.to_status,
                }
                if event.note:
                    item["note"] = event.note
            else:
                message = event.message
                item = {
                    "type": "message",
                    "at": message.created_at,
                    "author": "customer"
                    if message.author_id == ticket.customer_id
                    else "staff",
                    "body": message.body,
                    "attachments": list(message.attachments.all()),
                }
            events.append(item)
        return TimelineEventOutputSerializer(
            events, many=True, context=self.context
        ).data

    @extend_schema_field(CustomerActionsSerializer)
    def get_actions(self, ticket: Ticket) -> dict[str, Any]:
        actions: CustomerActions = self.context["actions"]
        return CustomerActionsSerializer(actions).data


class MessageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.SerializerMethodField()
    body = serializers.CharField(allow_blank=True)
    created_at = UtcDateTimeField()
    attachments = AttachmentOutputSerializer(many=True)

    @extend_schema_field(serializers.ChoiceField(choices=["customer", "staff"]))
    def get_author(self, message: Message) -> str:
        return (
            "customer" if message.author_id == message.ticket.customer_id else "staff"
        )
